// End-to-end: select-all and paste of a large `kubectl get -o yaml` dump over
// the example, through the real clipboard. It once froze the tab for 21–30 s
// at 717 KB and 205 s at 1.36 MB (quadratic in the text pasted), while the
// same paste into an empty editor took 0.8 s: a closed <details> (the outline)
// was a display lock, and Chromium replaces a selection in time quadratic in
// the text inserted while any display lock is in the page. The bound below is generous for
// a loaded 2-core machine and far under what the quadratic behaviour took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();
const BOUND_MS = 12000;

/** One item of the dump, indented under `items:` as kubectl writes it. */
function item(lines) {
  return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n') + '\n';
}

const managed = (manager, fields) => [
  '  - apiVersion: v1',
  '    fieldsType: FieldsV1',
  '    fieldsV1:',
  ...fields.map((f) => `      ${f}`),
  `    manager: ${manager}`,
  '    operation: Update',
  '    time: "2026-11-30T10:00:00Z"',
];

/**
 * A `kubectl get svc,pods,cm -A -o yaml`-shaped List of about `bytes` bytes:
 * per application a Service, two running pods and a ConfigMap, with the
 * annotations, managedFields and status the API server returns.
 */
export function kubectlDump(bytes) {
  let out = 'apiVersion: v1\nitems:\n';
  let apps = 0;
  while (out.length < bytes) {
    const app = `shop-${apps}`;
    const ns = `team-${apps % 7}`;
    const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace: ns }, spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    out += item([
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  annotations:',
      `    kubectl.kubernetes.io/last-applied-configuration: |`,
      `      ${applied}`,
      '  creationTimestamp: "2026-11-30T10:00:00Z"',
      '  labels:',
      `    app: ${app}`,
      '  managedFields:',
      ...managed('kubectl-client-side-apply', ['f:metadata:', '  f:annotations:', '    .: {}', '    f:kubectl.kubernetes.io/last-applied-configuration: {}', 'f:spec:', '  f:ports:', '    .: {}', '    k:{"port":80,"protocol":"TCP"}:', '      .: {}', '      f:name: {}', '      f:port: {}', '      f:targetPort: {}', '  f:selector: {}', '  f:type: {}']),
      `  name: ${app}`,
      `  namespace: ${ns}`,
      `  resourceVersion: "${100000 + apps}"`,
      `  uid: 6f1c2a3b-0000-4000-8000-${String(apps).padStart(12, '0')}`,
      'spec:',
      `  clusterIP: 10.96.${(apps >> 8) & 255}.${apps & 255}`,
      '  clusterIPs:',
      `  - 10.96.${(apps >> 8) & 255}.${apps & 255}`,
      '  internalTrafficPolicy: Cluster',
      '  ipFamilies:',
      '  - IPv4',
      '  ipFamilyPolicy: SingleStack',
      '  ports:',
      '  - name: http',
      '    port: 80',
      '    protocol: TCP',
      '    targetPort: http',
      '  selector:',
      `    app: ${app}`,
      '  sessionAffinity: None',
      '  type: ClusterIP',
      'status:',
      '  loadBalancer: {}',
    ]);
    for (const n of [0, 1]) {
      const ip = `10.244.${apps & 255}.${n + 10}`;
      out += item([
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  creationTimestamp: "2026-11-30T10:00:00Z"',
        `  generateName: ${app}-7d9c8b6f5-`,
        '  labels:',
        `    app: ${app}`,
        '    pod-template-hash: 7d9c8b6f5',
        '  managedFields:',
        ...managed('kube-controller-manager', ['f:metadata:', '  f:generateName: {}', '  f:labels:', '    .: {}', '    f:app: {}', '    f:pod-template-hash: {}', '  f:ownerReferences:', '    .: {}', 'f:spec:', '  f:containers:', '    k:{"name":"main"}:', '      .: {}', '      f:image: {}', '      f:ports:', '        .: {}']),
        ...managed('kubelet', ['f:status:', '  f:conditions:', '    k:{"type":"Ready"}:', '      .: {}', '      f:lastProbeTime: {}', '      f:lastTransitionTime: {}', '      f:status: {}', '      f:type: {}', '  f:containerStatuses: {}', '  f:hostIP: {}', '  f:phase: {}', '  f:podIP: {}', '  f:podIPs:', '    .: {}', '    k:{"ip":"' + ip + '"}:', '      .: {}', '      f:ip: {}', '  f:startTime: {}']),
        `  name: ${app}-7d9c8b6f5-${n}x${apps}`,
        `  namespace: ${ns}`,
        '  ownerReferences:',
        '  - apiVersion: apps/v1',
        '    blockOwnerDeletion: true',
        '    controller: true',
        '    kind: ReplicaSet',
        `    name: ${app}-7d9c8b6f5`,
        `    uid: 0a1b2c3d-0000-4000-8000-${String(apps).padStart(12, '0')}`,
        `  resourceVersion: "${200000 + apps * 2 + n}"`,
        'spec:',
        '  containers:',
        `  - image: registry.example/${app}:1.4.2`,
        '    imagePullPolicy: IfNotPresent',
        '    name: main',
        '    ports:',
        '    - containerPort: 8080',
        '      name: http',
        '      protocol: TCP',
        '    resources: {}',
        '    terminationMessagePath: /dev/termination-log',
        '    terminationMessagePolicy: File',
        '  dnsPolicy: ClusterFirst',
        `  nodeName: node-${apps % 3}`,
        '  restartPolicy: Always',
        '  schedulerName: default-scheduler',
        '  terminationGracePeriodSeconds: 30',
        'status:',
        '  conditions:',
        '  - lastProbeTime: null',
        '    lastTransitionTime: "2026-11-30T10:00:05Z"',
        '    status: "True"',
        '    type: Ready',
        '  - lastProbeTime: null',
        '    lastTransitionTime: "2026-11-30T10:00:05Z"',
        '    status: "True"',
        '    type: ContainersReady',
        `  hostIP: 192.168.0.${(apps % 3) + 10}`,
        '  phase: Running',
        `  podIP: ${ip}`,
        '  podIPs:',
        `  - ip: ${ip}`,
        '  qosClass: BestEffort',
        '  startTime: "2026-11-30T10:00:00Z"',
      ]);
    }
    out += item([
      'apiVersion: v1',
      'data:',
      '  settings.yaml: |',
      ...Array.from({ length: 12 }, (_, k) => `    option${k}: value-${k}-${app}`),
      'kind: ConfigMap',
      'metadata:',
      `  name: ${app}-config`,
      `  namespace: ${ns}`,
    ]);
    apps++;
  }
  out += 'kind: List\nmetadata:\n  resourceVersion: ""\n';
  return { text: out, services: apps };
}

/**
 * Pastes `text` over everything in the editor, through the clipboard; ms
 * until `services` Services are drawn, the last one named `last`.
 */
async function pasteOver(page, text, services, last) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  const editor = page.locator('[data-testid=editor] .cm-content');
  await editor.focus();
  await page.keyboard.press('Control+a');
  const t0 = Date.now();
  await page.keyboard.press('Control+v');
  await page.waitForFunction(
    ([n, last]) =>
      document.querySelectorAll('[data-testid=graph] [data-kind=service]').length === n &&
      document.querySelector(`[data-testid=graph] [data-kind=service][data-name="${last}"]`) !== null,
    [services, last],
    { timeout: 4 * BOUND_MS, polling: 100 },
  );
  return Date.now() - t0;
}

test(`select-all and paste of a 1 MB kubectl dump over the example: drawn within ${BOUND_MS / 1000} s`, async () => {
  const { text, services } = kubectlDump(1_000_000);
  assert.ok(services < 500, 'every Service is drawn');
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.server.url);
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  await editorReady(page);
  // The cause: any display lock in the page (a closed <details>,
  // `content-visibility: hidden|auto`, `hidden=until-found`) makes Chromium
  // replace a selection in time quadratic in the text inserted. None here.
  const locks = await page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((e) => (e.localName === 'details' && !e.open) || e.getAttribute('hidden') === 'until-found' || getComputedStyle(e).contentVisibility !== 'visible')
      .map((e) => e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(locks, [], 'no display lock in the page');
  const last = (prefix) => `team-${(services - 1) % 7}/${prefix}-${services - 1}`;
  const ms = await pasteOver(page, text, services, last('shop'));
  console.log(`paste of ${(text.length / 1e6).toFixed(2)} MB (${services} Services, ${services * 2} pods) over the example: graph drawn in ${ms} ms`);
  assert.equal((await editorText(page)).length, text.length, 'the whole text was pasted');
  assert.ok(ms <= BOUND_MS, `${ms} ms`);
  // And once more over the dump itself.
  const again = await pasteOver(page, text.replaceAll('shop-', 'shop2-'), services, last('shop2'));
  console.log(`the same paste over the pasted dump: ${again} ms`);
  assert.ok(again <= BOUND_MS, `${again} ms`);
  assert.deepEqual(errors, []);
  await ctx.close();
});
