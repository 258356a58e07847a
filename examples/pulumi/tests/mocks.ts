// Pulumi's unit-test mocks: resources are not created, their inputs become their outputs. Import
// this module before the program.
import * as pulumi from '@pulumi/pulumi';

pulumi.runtime.setMocks(
  {
    newResource: (args: pulumi.runtime.MockResourceArgs) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
  },
  'cni-migrate-example',
  'test',
  false,
);

/** The value of an output, once the mocks resolve it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
