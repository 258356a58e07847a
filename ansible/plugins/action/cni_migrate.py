# -*- coding: utf-8 -*-
# Copyright cni-migrate contributors; Apache-2.0 (see LICENSE)
"""Action plugin of cni_migrate: the migration runs on the control node, so a node needs nothing
but what Ansible already needs there (Python).

With run_on: controller (the default) the plugin reads the node's files with Ansible's own
modules (stat, find, slurp), runs its plugin binaries with CNI_COMMAND=VERSION (command, through
`timeout` and `env -i`, no shell), asks `containerd --version` or `crio --version` when no runtime
is given, plans on the control node with the module's own Node.js file (run there with
`--controller`), and writes the results back with Ansible's copy action: atomic, mode and owner
kept, backup named as Ansible names backups, nothing written in check mode.

With run_on: node the module file itself runs on the node, which then needs Node.js 20.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

from ansible import constants as C
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

RUN_ON = ('controller', 'node')
# Tried in this order when no runtime is given; the first that answers names the runtime.
RUNTIMES = ('containerd', 'crio')
# What a directory walk never enters (as the module's walk).
SKIPPED_DIRS = ('.git', 'node_modules')
# The files a runtime lists in a node directory (for the load order of a single file's folder).
LOADED_PATTERNS = ['*.conf', '*.conflist', '*.json']
# A node's config directory holds a handful of files; a bigger tree is a mistake of `path`.
MAX_FILES = 2000
# Runs of one VERSION call whose input Ansible could not write (see _version_call).
VERSION_CALL_ATTEMPTS = 3


def _input_refused(r):
    """The command module's answer when writing the process's input failed with EPIPE: no reply kept."""
    return bool(r.get('failed')) and r.get('rc') == errno.EPIPE and not r.get('stdout')


class CniMigrateError(Exception):
    """Why the task fails before anything is planned."""


class ActionModule(ActionBase):
    TRANSFERS_FILES = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        run_on = args.pop('run_on', None) or 'controller'
        if run_on not in RUN_ON:
            result.update(failed=True, changed=False, msg='value of run_on must be one of: %s, got: %s' % (', '.join(RUN_ON), run_on))
            return result
        if run_on == 'node':
            # The module of the same name: the Node.js file, run on the node.
            result.update(self._execute_module(module_args=args, task_vars=task_vars))
            return result
        stage = tempfile.mkdtemp(prefix='cni-migrate-', dir=C.DEFAULT_LOCAL_TMP)
        try:
            result.update(self._on_controller(args, stage, task_vars))
        except CniMigrateError as e:
            result.update(failed=True, changed=False, msg=to_text(e))
        finally:
            shutil.rmtree(stage, ignore_errors=True)
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    # -- the node: Ansible's own modules only -------------------------------------------------

    def _node(self, module, args, task_vars):
        return self._execute_module(module_name='ansible.legacy.' + module, module_args=args, task_vars=task_vars)

    def _stat(self, path, task_vars, follow=True, checksum=False):
        r = self._node('stat', dict(path=path, follow=follow, get_checksum=checksum, checksum_algorithm='sha1', get_mime=False, get_attributes=False), task_vars)
        if r.get('failed'):
            raise CniMigrateError('%s: %s' % (path, r.get('msg', 'cannot stat')))
        return r['stat']

    def _slurp(self, path, task_vars):
        r = self._node('slurp', dict(src=path), task_vars)
        if r.get('failed'):
            raise CniMigrateError('%s: cannot read: %s' % (path, r.get('msg', 'slurp failed')))
        return base64.b64decode(r['content'])

    def _find(self, path, task_vars, recurse, patterns=None):
        args = dict(paths=[path], recurse=recurse, file_type='any', hidden=True, follow=False)
        if patterns:
            args['patterns'] = patterns
        r = self._node('find', args, task_vars)
        if r.get('failed'):
            raise CniMigrateError('%s: cannot list the directory: %s' % (path, r.get('msg', 'find failed')))
        return r['files']

    def _command(self, argv, task_vars, stdin=None):
        args = dict(argv=argv, strip_empty_ends=False)
        if stdin is not None:
            args.update(stdin=stdin, stdin_add_newline=False)
        # Asking a binary its version changes nothing: it runs in check mode too (command would skip it).
        check_mode = self._task.check_mode
        self._task.check_mode = False
        try:
            return self._node('command', args, task_vars)
        finally:
            self._task.check_mode = check_mode

    # -- the run ----------------------------------------------------------------------------

    def _on_controller(self, args, stage, task_vars):
        path = args.get('path')
        if not isinstance(path, str) or not path:
            raise CniMigrateError('missing required arguments: path')
        if not path.startswith('/'):
            raise CniMigrateError('path must be absolute when the run is on the control node, got: %s' % path)
        path = os.path.normpath(path)
        self._stage_tree(path, stage, task_vars)

        request = dict(args=dict(args, _ansible_check_mode=bool(self._task.check_mode), _ansible_diff=bool(self._task.diff)), root=stage)
        if not args.get('runtime'):
            request['runtime_version'] = self._runtime_version(task_vars)
        answer = self._plan(request, task_vars)
        if 'probe' in answer:
            request['probes'] = self._probe(args.get('bin_dir'), answer['probe'], task_vars)
            answer = self._plan(request, task_vars)
        if 'probe' in answer:
            raise CniMigrateError('internal error: the plan asked again for probes of %s' % ', '.join(answer['probe']['types']))
        result = answer['result']
        # The writes are those the module would make on the node: none when a file blocks the run,
        # all of them when only findings left in the fixed files fail the task.
        if answer['writes'] and not self._task.check_mode:
            self._write_back(result, answer['writes'], boolean(args.get('backup', False), strict=False), stage, task_vars)
        return result

    def _stage_tree(self, path, stage, task_vars):
        """Mirrors the node's files under `path` (and, for a file, its folder's configs) into `stage`."""
        top = self._stat(path, task_vars, follow=True)
        if not top.get('exists'):
            raise CniMigrateError('%s: no such file or directory' % path)
        if top.get('isdir'):
            entries = [e for e in self._find(path, task_vars, recurse=True) if not _skipped(path, e['path'])]
        else:
            entries = [dict(path=path, isreg=True)]
            entries += [e for e in self._find(os.path.dirname(path), task_vars, recurse=False, patterns=LOADED_PATTERNS) if e['path'] != path]
        if len(entries) > MAX_FILES:
            raise CniMigrateError('%s holds more than %d files: name the node\'s config directory, such as /etc/cni/net.d' % (path, MAX_FILES))
        for entry in entries:
            if entry.get('islnk'):
                self._stage_link(entry['path'], stage, task_vars)
            elif entry.get('isreg'):
                _put(stage, entry['path'], self._slurp(entry['path'], task_vars))
            elif entry.get('isdir'):
                os.makedirs(_local(stage, entry['path']), exist_ok=True)

    def _stage_link(self, path, stage, task_vars):
        """A symbolic link stays one, pointing into the mirror; the file it reaches is mirrored too."""
        info = self._stat(path, task_vars, follow=False)
        target = info.get('lnk_target') or ''
        local = _local(stage, path)
        os.makedirs(os.path.dirname(local), exist_ok=True)
        os.symlink(_local(stage, target) if target.startswith('/') else target, local)
        source = info.get('lnk_source')
        if source and not os.path.lexists(_local(stage, source)) and self._stat(source, task_vars, follow=True).get('isreg'):
            _put(stage, source, self._slurp(source, task_vars))

    def _runtime_version(self, task_vars):
        for name in RUNTIMES:
            r = self._command([name, '--version'], task_vars)
            if not r.get('failed') and r.get('rc') == 0:
                return dict(name=name, output=r.get('stdout', ''))
        return None

    def _probe(self, bin_dir, wanted, task_vars):
        """Runs each wanted plugin binary on the node as libcni does, and says what happened."""
        seconds = '%.3f' % (wanted['timeout_ms'] / 1000.0)
        env = ['%s=%s' % kv for kv in sorted(wanted['env'].items())]
        runs = {}
        for plugin in wanted['types']:
            binary = os.path.join(bin_dir, plugin)
            info = self._stat(binary, task_vars, follow=True)
            if not info.get('exists'):
                runs[plugin] = dict(state='missing')
            elif not info.get('isreg'):
                runs[plugin] = dict(state='not-regular')
            elif not info.get('executable'):
                runs[plugin] = dict(state='not-executable')
            else:
                # No shell: timeout runs env, which runs the binary with exactly this environment.
                r = self._version_call(['timeout', '-s', 'KILL', seconds, 'env', '-i'] + env + [binary], wanted['stdin'], task_vars)
                if _input_refused(r):
                    runs[plugin] = dict(state='failed', error='its reply was lost %d times: it exited before Ansible wrote its input (%s)' % (VERSION_CALL_ATTEMPTS, r.get('msg', 'broken pipe')))
                elif 'rc' not in r or r['rc'] is None:
                    runs[plugin] = dict(state='failed', error='could not be run: %s' % r.get('msg', 'unknown error'))
                elif r['rc'] in (137, -9):
                    runs[plugin] = dict(state='failed', error='no answer within %d ms' % wanted['timeout_ms'])
                else:
                    runs[plugin] = dict(state='ran', code=r['rc'], stdout=r.get('stdout', ''))
        return runs

    def _version_call(self, argv, stdin, task_vars):
        """
        Runs one VERSION call, again when Ansible lost its reply: the command module starts the
        process and then writes its input, and a plugin that answers without reading it (most do)
        can have replied and exited by then; the write fails with EPIPE and the module reports
        rc 32 with no output. The call changes nothing, so it is run again, as a node's next run
        would.
        """
        for _ in range(VERSION_CALL_ATTEMPTS):
            r = self._command(argv, task_vars, stdin=stdin)
            if not _input_refused(r):
                break
        return r

    def _plan(self, request, task_vars):
        """Runs the module file on the control node with --controller: one request, one answer."""
        module = self._shared_loader_obj.module_loader.find_plugin_with_context(self._task.action, collection_list=self._task.collections)
        if not module.resolved:
            raise CniMigrateError('cannot find the module file of %s on the control node' % self._task.action)
        node = task_vars.get('cni_migrate_controller_node') or 'node'
        try:
            done = subprocess.run([node, module.plugin_resolved_path, '--controller'], input=to_bytes(json.dumps(request)),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        except OSError as e:
            raise CniMigrateError('cannot run Node.js on the control node (%s: %s); the migration runs there and needs Node.js 20 or later' % (node, e))
        try:
            return json.loads(to_text(done.stdout))
        except ValueError:
            raise CniMigrateError('the planner on the control node gave no answer (exit %s): %s' % (done.returncode, to_text(done.stderr).strip()[-2000:]))

    def _write_back(self, result, writes, backup, stage, task_vars):
        """Writes each planned file on the node with the copy action: atomic, mode and owner kept."""
        backups = {}
        written = []
        problems = []
        for w in writes:
            dest = w['path']
            before = to_bytes(w['before'], errors='surrogate_or_strict')
            now = self._stat(dest, task_vars, follow=True, checksum=True)
            if now.get('checksum') != hashlib.sha1(before).hexdigest():
                problems.append(dict(path=dest, message='not written: the file changed since it was read'))
                continue
            src = os.path.join(stage, '.after-%d' % len(written + problems))
            with open(src, 'wb') as f:
                f.write(to_bytes(w['after'], errors='surrogate_or_strict'))
            r = self._copy(src, dest, backup, task_vars)
            if r.get('failed'):
                problems.append(dict(path=dest, message='not written: %s' % r.get('msg', 'copy failed')))
                continue
            written.append(dest)
            if r.get('backup_file'):
                backups[dest] = r['backup_file']
        result['changed_files'] = [p for p in result.get('changed_files', []) if p in written]
        result['changed'] = bool(result['changed_files'])
        result['backup_files'] = backups
        result.pop('backup_file', None)
        if len(backups) == 1:
            result['backup_file'] = list(backups.values())[0]
        if problems:
            result['failed'] = True
            result['unreadable'] = result.get('unreadable', []) + problems
            result['msg'] = '%s; wrote %d of the %d files that needed a change' % ('; '.join('%s: %s' % (p['path'], p['message']) for p in problems), len(written), len(writes))
        if 'summary' in result:
            result['summary']['changed'] = len(result['changed_files'])

    def _copy(self, src, dest, backup, task_vars):
        task = self._task.copy()
        task.args.clear()
        task.args.update(src=src, dest=dest, follow=True, backup=backup, force=True)
        task.diff = False  # the module's own diff (from the plan) is returned instead
        copy = self._shared_loader_obj.action_loader.get('ansible.legacy.copy', task=task, connection=self._connection, play_context=self._play_context,
                                                         loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)
        return copy.run(task_vars=task_vars)


def _local(stage, path):
    return os.path.join(stage, path.lstrip('/'))


def _put(stage, path, data):
    local = _local(stage, path)
    os.makedirs(os.path.dirname(local), exist_ok=True)
    with open(local, 'wb') as f:
        f.write(data)


def _skipped(top, path):
    return any(part in SKIPPED_DIRS for part in os.path.relpath(path, top).split(os.sep))
