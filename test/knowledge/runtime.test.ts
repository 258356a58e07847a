import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNTIME, resolveRuntime, RuntimeSpecError } from '../../src/knowledge/runtime.js';

describe('resolveRuntime', () => {
  it('the default runtime is containerd 1.6.4, the first 1.6 without the teardown bug', () => {
    expect(DEFAULT_RUNTIME).toBe('containerd@1.6.4');
    expect(resolveRuntime(DEFAULT_RUNTIME)).toMatchObject({
      name: 'containerd',
      version: '1.6.4',
      libcni: 'v1.1.0',
      maxConfigVersion: '1.0.0',
      emptyCniVersionDelBug: false,
    });
  });

  it.each([
    ['containerd@1.4.0', '0.4.0', true],
    ['containerd@1.5.0', '0.4.0', true],
    ['containerd@1.5.18', '0.4.0', true],
    ['containerd@1.6.0', '1.0.0', true],
    ['containerd@1.6.3', '1.0.0', true],
    ['containerd@1.6.4', '1.0.0', false],
    ['containerd@1.7.20', '1.0.0', false],
    ['containerd@2.0.0', '1.1.0', false],
    ['containerd@2.2.7', '1.1.0', false],
    ['cri-o@1.21.0', '0.4.0', true],
    ['cri-o@1.23.3', '1.0.0', true],
    ['cri-o@1.23.4', '1.0.0', false],
    ['cri-o@1.24.0', '1.0.0', false],
    ['cri-o@1.31.0', '1.1.0', false],
  ] as const)('%s executes up to %s (empty-version DEL bug: %s)', (spec, max, bug) => {
    const r = resolveRuntime(spec);
    expect(r.maxConfigVersion).toBe(max);
    expect(r.emptyCniVersionDelBug).toBe(bug);
    expect(r.references.length).toBeGreaterThan(0);
  });

  it('cri-o 1.24.0 vendors libcni v1.1.0', () => {
    expect(resolveRuntime('cri-o@1.24.0')).toMatchObject({ name: 'cri-o', version: '1.24.0', libcni: 'v1.1.0' });
  });

  it('accepts crio as an alias, a v prefix, X.Y, and surrounding white space', () => {
    expect(resolveRuntime('crio@1.24.0').name).toBe('cri-o');
    expect(resolveRuntime('containerd@v1.6.4').version).toBe('1.6.4');
    expect(resolveRuntime('containerd@1.7').version).toBe('1.7.0');
    expect(resolveRuntime('  containerd@2.0.0 \n').maxConfigVersion).toBe('1.1.0');
  });

  it.each([
    'docker@20.10.0',
    'containerd',
    'containerd@',
    'containerd@latest',
    'containerd@1',
    'containerd@1.6.4.1',
    'containerd@1.6.4-rc.1',
    'Containerd@1.6.4',
    'containerd 1.6.4',
    '',
  ])('rejects the spec %j', (spec) => {
    expect(() => resolveRuntime(spec)).toThrow(RuntimeSpecError);
  });

  it.each(['containerd@1.3.9', 'cri-o@1.14.0'])('rejects a release the data does not cover: %s', (spec) => {
    expect(() => resolveRuntime(spec)).toThrow(RuntimeSpecError);
    expect(() => resolveRuntime(spec)).toThrow(/no compatibility data/);
  });

  it('RuntimeSpecError is an Error with its own name', () => {
    try {
      resolveRuntime('nope');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe('RuntimeSpecError');
    }
  });
});
