// Minimal workloads of every kind around a pod spec, for the tests of the database rules.

const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));

/** A workload of `kind` whose pod spec is `podSpec` (written at column 0); `specExtra` goes into a controller's spec. */
export function workload(kind: string, podSpec: string, specExtra = ''): string {
  const extra = specExtra ? indent(specExtra, 2) : '';
  switch (kind) {
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n${indent(podSpec, 2)}`;
    case 'PodTemplate':
      return `apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: db\ntemplate:\n  metadata:\n    labels:\n      app: db\n  spec:\n${indent(podSpec, 4)}`;
    case 'Job':
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: db\nspec:\n${extra}  template:\n    spec:\n${indent(podSpec, 6)}`;
    case 'CronJob':
      return (
        `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: db\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n` +
        `      template:\n        spec:\n${indent(podSpec, 10)}`
      );
    case 'ReplicationController':
      return (
        `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: db\nspec:\n  selector:\n    app: db\n${extra}` +
        `  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n${indent(podSpec, 6)}`
      );
    default:
      return (
        `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: db\nspec:\n` +
        (kind === 'StatefulSet' ? '  serviceName: db\n' : '') +
        `  selector:\n    matchLabels:\n      app: db\n${extra}  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n` +
        indent(podSpec, 6)
      );
  }
}
