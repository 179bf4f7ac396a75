//! The command line as clap reads it: the global `-n` and each command's arguments.

use crate::check::MinSeverity;
use crate::output::{
    CheckFormat, DnsFormat, ExplainFormat, ResolveFormat, SelectFormat, TraceFormat,
};
use clap::{Parser, Subcommand};
use svcmap::engine;

/// The command line.
#[derive(Parser)]
#[command(
    name = "svcmap",
    version,
    about = "Which pods does each Kubernetes Service reach, and why"
)]
pub struct Cli {
    /// Apply the inputs in this namespace, as `kubectl apply -n` does: objects
    /// without a namespace go there, objects naming another one are refused
    /// (an error). Without it, they go to `default`. Cluster-scoped kinds have none.
    #[arg(short, long, global = true, value_parser = namespace_name)]
    pub namespace: Option<String>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// `-n`: a namespace name, as the API server requires one.
pub fn namespace_name(s: &str) -> Result<String, String> {
    engine::model::scope::namespace_error(s).map_or_else(|| Ok(s.to_string()), Err)
}

/// The commands, one file each.
#[derive(Subcommand)]
pub enum Command {
    /// Print the Endpoints and EndpointSlices the controllers would write (for a
    /// Service without selector: those written by hand, and the slices mirrored from them).
    Resolve {
        /// Output format: table and wide look like `kubectl get endpoints` (a Service
        /// without selector shows what kube-proxy reads in its EndpointSlices); json
        /// and yaml print a v1 List of Endpoints and EndpointSlice objects.
        #[arg(short, long, value_enum, default_value_t = ResolveFormat::Table)]
        output: ResolveFormat,
        /// Files, directories (recursively *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Explain each Service: its endpoints, and why other pods are not behind it.
    Explain {
        /// Only this Service (`namespace/name`, or `name` in the `-n` namespace, else `default`).
        #[arg(long)]
        service: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ExplainFormat::Text)]
        output: ExplainFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Print every diagnostic of the inputs on stdout, the summary last; exit 1
    /// when any is an error (a CI gate).
    Check {
        /// Output format: text lines, JSON, or SARIF 2.1.0 for code-scanning tools.
        #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
        output: CheckFormat,
        /// Print only diagnostics at least this severe (errors still set the exit code).
        #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
        min_severity: MinSeverity,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Step through rollouts of Deployments, StatefulSets and DaemonSets: at every
    /// step, which pods exist and how many ready endpoints each Service has; exit 1
    /// when a Service loses them all.
    Rollout {
        /// Only this workload: `namespace/name` or `name` (a Deployment; namespace
        /// `default`), or `statefulset/…`, `daemonset/…`, `deployment/…` before it.
        #[arg(long, visible_alias = "deployment")]
        workload: Option<String>,
        /// The manifests before the change (a file, directory or `-`; repeatable):
        /// Deployments whose pod template differs roll out from that version to
        /// the one in INPUTS; a changed `spec.selector` is refused, as the API
        /// server refuses it (exit 1). Without it, each Deployment is restarted
        /// (`kubectl rollout restart`).
        #[arg(long = "from", value_name = "BEFORE")]
        from: Vec<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ExplainFormat::Text)]
        output: ExplainFormat,
        /// Files, directories or `-` for stdin: the manifests after the change.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// From a node, zone or pod: which endpoints kube-proxy there uses for each
    /// port of a Service, which it skips and why, and whether the traffic
    /// reaches a pod or is dropped.
    Route {
        /// Where the traffic starts: `node/NAME`, `zone/NAME` (its first node) or
        /// `pod/NAMESPACE/NAME` (its node). Default: the first node.
        #[arg(long, value_name = "VANTAGE")]
        from: Option<String>,
        /// Traffic arriving from outside on a node port, load balancer or
        /// external IP (default: in-cluster traffic to the cluster IP).
        #[arg(long)]
        external: bool,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ExplainFormat::Text)]
        output: ExplainFormat,
        /// The Service (`namespace/name` or `name`), with `:PORT` (name or
        /// number) for one port.
        #[arg(value_name = "SERVICE[:PORT]")]
        target: String,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Print the pods (workload pods included) a label selector matches, like
    /// `kubectl get pods -l` (with `-n`, only the pods of that namespace).
    Select {
        /// A selector (`tier in (web,api),!canary`) or a LabelSelector object in
        /// JSON/YAML flow form (`{"matchLabels": {"app": "web"}}`).
        #[arg(short = 'l', long = "selector")]
        selector: String,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = SelectFormat::Table)]
        output: SelectFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Print the DNS records the cluster DNS serves for each Service: A/AAAA
    /// of its cluster IPs, SRV per named port, per-pod names of headless
    /// Services, the CNAME of an ExternalName.
    Dns {
        /// Only this Service (`namespace/name`, or `name` in the `-n` namespace, else `default`).
        #[arg(long)]
        service: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = DnsFormat::Table)]
        output: DnsFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Trace a request from a Gateway listener or an Ingress to the pods: each
    /// hop and the verdict (ok, no-route, 404, 503); exit 1 unless it reaches
    /// a ready endpoint.
    Trace {
        /// The URL (`https://shop.example.com/cart?x=1`).
        url: String,
        /// Trace through this Gateway only (`namespace/name`, or `name` in the `-n` namespace).
        #[arg(long)]
        gateway: Option<String>,
        /// The method.
        #[arg(short = 'X', long = "request", default_value = "GET")]
        method: String,
        /// A header, `Name: value` (repeatable).
        #[arg(short = 'H', long = "header")]
        headers: Vec<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = TraceFormat::Text)]
        output: TraceFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
}
