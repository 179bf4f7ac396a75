//! Simulation: the pods that workloads create (Deployments, StatefulSets,
//! DaemonSets, Jobs, CronJobs…), their names, statuses and addresses.
//! Uses the object model and below.

pub mod addresses;
pub mod annotations;
pub mod cron;
pub mod jobs;
pub mod nodes;
pub mod workloads;
