//! The built-in examples shown in the playground.

/// A curated example: an id for `#example/<id>`, a title and the YAML.
pub struct Example {
    /// Stable id, used in URLs.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// The one-line lesson it teaches.
    pub lesson: &'static str,
    /// The manifest.
    pub yaml: &'static str,
}

/// Every example; the first one is the default page.
pub const EXAMPLES: &[Example] = &[Example {
    id: "deployment-service",
    title: "Deployment + Service",
    lesson: "A Service selects pods by label; only ready pods receive traffic.",
    yaml: DEPLOYMENT_SERVICE,
}];

const DEPLOYMENT_SERVICE: &str = r#"# A Deployment's pods behind a Service. Edit the labels, the selector
# or the readiness below and watch the graph on the right.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
# A pod that is selected but failing its readiness probe.
apiVersion: v1
kind: Pod
metadata:
  name: web-canary
  labels: {app: web, track: canary}
spec:
  containers:
    - name: nginx
      image: nginx:1.28
      ports: [{name: http, containerPort: 8080}]
status:
  phase: Running
  podIP: 10.244.7.21
  conditions:
    - type: Ready
      status: "False"
---
# A pod on its way out: it leaves the Service's endpoints.
apiVersion: v1
kind: Pod
metadata:
  name: web-old
  labels: {app: web}
  deletionTimestamp: "2026-11-25T09:00:00Z"
spec:
  containers:
    - name: nginx
      image: nginx:1.26
      ports: [{name: http, containerPort: 8080}]
status:
  phase: Running
  podIP: 10.244.7.9
  conditions:
    - type: Ready
      status: "True"
"#;

/// The default example's text.
pub fn default_text() -> &'static str {
    EXAMPLES[0].yaml
}
