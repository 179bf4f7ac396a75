//! Tests of rollouts.

use super::plan::Controller;
use super::*;

/// A controller with `old` old pods of which `old_ready` are ready, and
/// `new` new pods of which `new_ready` are ready.
fn controller(
    replicas: usize,
    (surge, unavailable): (usize, usize),
    (old, old_ready): (usize, usize),
    (new, new_ready): (usize, usize),
) -> Controller {
    // As ResolveFenceposts does for the tables' Deployments.
    let unavailable = if surge == 0 && unavailable == 0 {
        1
    } else {
        unavailable
    };
    let mut o = vec![Phase::Ready; old_ready];
    o.resize(old, Phase::NotReady);
    let mut n = vec![Phase::Ready; new_ready];
    n.resize(new, Phase::Starting);
    n.resize(replicas.max(new) + surge, Phase::Gone);
    Controller {
        kind: WorkloadKind::Deployment,
        recreate: false,
        replicas,
        max_surge: surge,
        max_unavailable: unavailable,
        partition: 0,
        names: Vec::new(),
        old: o,
        new: n,
        steps: Vec::new(),
    }
}

// Ported from pkg/controller/deployment/rolling_test.go.

#[test]
fn reconcile_new_replica_set() {
    // (replicas, maxSurge, old, new, expected new replicas or None)
    for (replicas, surge, old, new, want) in [
        (10, 0, 10, 0, None),
        (10, 2, 10, 0, Some(2)),
        (10, 2, 5, 0, Some(7)),
        (10, 2, 10, 2, None),
        (10, 2, 2, 11, Some(10)),
    ] {
        let mut c = controller(replicas, (surge, 0), (old, old), (new, new));
        let scaled = c.reconcile_new();
        assert_eq!(scaled, want.is_some(), "{replicas} {surge} {old} {new}");
        if let Some(w) = want {
            assert_eq!(Controller::active(&c.new), w);
        }
    }
}

#[test]
fn reconcile_old_replica_sets() {
    // (replicas, maxUnavailable, old, new, old ready, new ready, expected old replicas or None)
    for (replicas, unavailable, old, new, old_ready, new_ready, want) in [
        (10, 0, 10, 0, 10, 0, Some(9)),
        (10, 2, 10, 0, 10, 0, Some(8)),
        (10, 2, 10, 0, 8, 0, Some(8)),
        (10, 2, 10, 0, 9, 0, Some(8)),
        (10, 2, 8, 2, 8, 0, None),
    ] {
        let mut c = controller(
            replicas,
            (0, unavailable),
            (old, old_ready),
            (new, new_ready),
        );
        let scaled = c.reconcile_old();
        assert_eq!(
            scaled,
            want.is_some(),
            "{replicas} {unavailable} {old} {new}"
        );
        if let Some(w) = want {
            assert_eq!(Controller::active(&c.old), w);
        }
    }
}

#[test]
fn cleanup_unhealthy_replicas() {
    // (old, ready, max cleanup, expected cleaned)
    for (old, ready, max, want) in [(10, 8, 1, 1), (10, 8, 3, 2), (10, 8, 0, 0), (10, 10, 3, 0)] {
        let mut c = controller(10, (2, 2), (old, ready), (0, 0));
        assert_eq!(c.cleanup_unhealthy(max), want, "{old} {ready} {max}");
    }
}

#[test]
fn scale_down_old_replica_sets_for_rolling_update() {
    // (replicas, maxUnavailable, ready, old, expected old replicas or None)
    for (replicas, unavailable, ready, old, want) in [
        (10, 0, 10, 10, Some(9)),
        (10, 2, 10, 10, Some(8)),
        (10, 2, 8, 10, None),
        (10, 2, 10, 0, None),
        (10, 2, 1, 10, None),
    ] {
        let mut c = controller(replicas, (0, unavailable), (old, ready.min(old)), (0, 0));
        let n = c.scale_down_old();
        assert_eq!(
            n > 0,
            want.is_some(),
            "{replicas} {unavailable} {ready} {old}"
        );
        if let Some(w) = want {
            assert_eq!(Controller::active(&c.old), w);
        }
    }
}

#[test]
fn fenceposts_round_surge_up_and_unavailable_down() {
    use crate::engine::model::UpdateStrategy;
    let mut w = Workload {
        kind: WorkloadKind::Deployment,
        meta: Default::default(),
        replicas: Some(10),
        selector: None,
        service_name: None,
        template: Default::default(),
        strategy: UpdateStrategy::default(),
        paused: false,
        ordinals_start: 0,
        job: Default::default(),
        span: Default::default(),
    };
    // Defaults 25%/25%: 10 → surge ceil(2.5) = 3, unavailable floor(2.5) = 2.
    assert_eq!(fenceposts(&w, 10), (3, 2));
    assert_eq!(fenceposts(&w, 1), (1, 0));
    // Both zero after scaling: maxUnavailable becomes 1.
    w.strategy.max_surge = Some(IntOrPercent::Percent(0));
    w.strategy.max_unavailable = Some(IntOrPercent::Percent(10));
    assert_eq!(fenceposts(&w, 3), (0, 1));
    // Never more unavailable than replicas.
    w.strategy.max_unavailable = Some(IntOrPercent::Int(5));
    assert_eq!(fenceposts(&w, 3), (0, 3));
}
