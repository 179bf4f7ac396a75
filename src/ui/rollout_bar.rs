//! The rollout stepper: shown above the graph while the rollout of a
//! Deployment, StatefulSet or DaemonSet is simulated. It moves through the engine's steps (first, back, play,
//! forward, last, or a click on the timeline); the graph and every panel show
//! the selected step, because the analysis itself is the step's
//! ([`crate::engine::scenarios::rollout::apply`]). The text is never changed; editing it
//! ends the simulation.

use super::dom::{dom_panel, Action, El};
use super::{use_app_state, AppState, RolloutView};
use crate::engine::scenarios::rollout;
use crate::share::SharedRollout;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Time between steps while playing.
const PLAY_INTERVAL: Duration = Duration::from_millis(1200);

/// Starts simulating the rollout of the workload `key` (see
/// [`rollout::key_of`]): from the workload as first seen (when its template
/// changed since) or as a restart. One that cannot roll out (paused,
/// `OnDelete`...) says why in the notice.
pub fn start(state: AppState, key: &str) {
    // The plan needs the text's own analysis, not another rollout's step.
    state.rollout.set(None);
    let planned = state.analysis.with_untracked(|a| {
        let to = rollout::find_workload(a, key)?.clone();
        let from = state
            .deployed
            .with_value(|d| d.get(key).map(|x| x.0.clone()))
            .unwrap_or_else(|| to.clone());
        Some(rollout::plan(&from, &to).map(|plan| RolloutView {
            timeline: Arc::new(rollout::timeline(a, &plan)),
            plan: Arc::new(plan),
            to,
            step: 0,
        }))
    });
    match planned {
        Some(Ok(view)) => state.rollout.set(Some(view)),
        Some(Err(e)) => state.notice.set(Some(e.to_string())),
        None => {}
    }
}

/// Opens the rollout a share link was showing, at its step. Its workload
/// before the edit (absent for a restart) becomes the one first seen.
pub fn open_shared(state: AppState, r: &SharedRollout) {
    if let Some(yaml) = &r.from {
        let before = crate::engine::analyze(yaml);
        if let Some(w) = rollout::find_workload(&before, &r.deployment) {
            let entry = (w.clone(), Arc::from(yaml.as_str()));
            state.deployed.update_value(|d| {
                d.insert(r.deployment.clone(), entry);
            });
        }
    }
    start(state, &r.deployment);
    state.rollout.update(|v| {
        if let Some(v) = v {
            v.step = r.step.min(v.last());
        }
    });
}

/// What a share link carries of the rollout shown, if any.
pub fn shared(state: AppState) -> Option<SharedRollout> {
    state.rollout.with_untracked(|r| {
        let r = r.as_ref()?;
        let deployment = r.plan.key();
        let from = if r.plan.restart {
            None
        } else {
            state
                .deployed
                .with_value(|d| d.get(&deployment).map(|x| x.1.to_string()))
        };
        Some(SharedRollout {
            deployment,
            step: r.step,
            from,
        })
    })
}

/// The stepper, empty while no rollout is simulated.
#[component]
pub fn RolloutBar() -> impl IntoView {
    let state = use_app_state();
    let playing = RwSignal::new(false);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
        playing.set(false);
    };
    let go = move |to: usize| {
        state.rollout.update(|r| {
            if let Some(r) = r {
                r.step = to.min(r.plan.steps.len().saturating_sub(1));
            }
        })
    };
    let advance = move || {
        let (step, last) = state
            .rollout
            .with_untracked(|r| r.as_ref().map_or((0, 0), |r| (r.step, r.last())));
        if step >= last {
            stop();
        } else {
            go(step + 1);
        }
    };
    let on_action = move |act: Action| {
        let (step, last) = state
            .rollout
            .with_untracked(|r| r.as_ref().map_or((0, 0), |r| (r.step, r.last())));
        match act.kind.as_str() {
            "first" => go(0),
            "prev" => go(step.saturating_sub(1)),
            "next" => go(step + 1),
            "last" => go(last),
            "step" => go(act.arg.parse().unwrap_or(step)),
            "play" if playing.get_untracked() => stop(),
            "play" => {
                if step >= last {
                    go(0);
                }
                playing.set(true);
                timer.set_value(set_interval_with_handle(advance, PLAY_INTERVAL).ok());
                return;
            }
            "close" => {
                stop();
                state.finish_rollout();
                return;
            }
            _ => return,
        }
        stop();
    };
    // Ending the simulation (an edit, another rollout) stops the player.
    Effect::new(move |_| {
        if state.rollout.with(Option::is_none) && playing.get_untracked() {
            stop();
        }
    });
    let build = move || {
        let playing = playing.get();
        state.rollout.with(|r| match r {
            None => El::new("div"),
            Some(r) => bar(r, playing),
        })
    };
    dom_panel("rollout", "rollout", build, on_action)
}

fn button(label: &str, action: &str, aria: &str) -> El {
    El::leaf("button", "button button--small", label)
        .attr("type", "button")
        .attr("data-action", action)
        .attr("data-testid", &format!("rollout-{action}"))
        .attr("aria-label", aria)
}

/// The bar's content for a rollout at its current step.
fn bar(r: &RolloutView, playing: bool) -> El {
    let p = &r.plan;
    let kind = p.deployment.kind.as_str();
    let strategy = match kind {
        "StatefulSet" => "RollingUpdate, one pod at a time from the highest ordinal".to_string(),
        _ if p.recreate => "Recreate".to_string(),
        _ => format!(
            "RollingUpdate, maxSurge {}, maxUnavailable {}",
            p.max_surge, p.max_unavailable
        ),
    };
    let head = El::new("div")
        .class("rollout__head")
        .child(El::leaf(
            "strong",
            "",
            &format!(
                "{} of {}/{}",
                if p.restart { "Restart" } else { "Rollout" },
                kind.to_ascii_lowercase(),
                p.deployment.name
            ),
        ))
        .child(El::leaf(
            "span",
            "muted",
            &format!(
                "{} pods · {strategy} · {} {} → {}{}",
                p.replicas,
                if kind == "Deployment" {
                    "ReplicaSet"
                } else {
                    "revision"
                },
                p.old_rs,
                p.new_rs,
                if p.truncated {
                    " · first steps only"
                } else {
                    ""
                }
            ),
        ))
        .child(button("✕", "close", "Close the rollout"));
    let step = &p.steps[r.step.min(p.steps.len() - 1)];
    let controls = El::new("div")
        .class("rollout__controls")
        .child(button("|◀", "first", "First step"))
        .child(button("◀", "prev", "Previous step"))
        .child(button(
            if playing { "❚❚ Pause" } else { "▶ Play" },
            "play",
            if playing { "Pause" } else { "Play" },
        ))
        .child(button("▶", "next", "Next step"))
        .child(button("▶|", "last", "Last step"))
        .child(
            El::leaf(
                "span",
                "rollout__step",
                &format!("Step {} of {}: {}", r.step, r.last(), step.title),
            )
            .attr("data-testid", "rollout-step")
            .attr("aria-live", "polite"),
        );
    El::new("div")
        .class("rollout__bar")
        .child(head)
        .child(controls)
        .child(timeline(r))
        .children(r.timeline.iter().filter_map(|s| {
            let out = s.outage();
            let first = out.first()?;
            Some(
                El::leaf(
                    "p",
                    "rollout__outage",
                    &format!(
                        "Service {} has no ready endpoint from step {first} ({} of {} steps): requests fail during this rollout",
                        s.service,
                        out.len(),
                        s.counts.len()
                    ),
                )
                .attr("role", "alert"),
            )
        }))
}

/// A table: one column per step, a row of pod counts and one row of ready
/// endpoints per Service; a click on a cell jumps to its step.
fn timeline(r: &RolloutView) -> El {
    let steps = &r.plan.steps;
    let cell = |i: usize, text: String, class: &str| {
        El::leaf(
            "td",
            &format!(
                "rollout__cell {class}{}",
                if i == r.step { " is-current" } else { "" }
            ),
            &text,
        )
        .attr("data-action", "step")
        .attr("data-arg", &i.to_string())
    };
    let head = El::new("tr")
        .child(El::leaf("th", "", "step"))
        .children((0..steps.len()).map(|i| cell(i, i.to_string(), "rollout__num")));
    let pods = El::new("tr")
        .child(El::leaf("th", "", "pods old/new"))
        .children(steps.iter().enumerate().map(|(i, s)| {
            let (o, n) = s.replicas();
            cell(i, format!("{o}/{n}"), "")
        }));
    let services = r.timeline.iter().map(|s| {
        El::new("tr")
            .attr("data-service", &s.service)
            .child(El::leaf("th", "", &format!("{} ready", s.service)))
            .children(s.counts.iter().enumerate().map(|(i, c)| {
                let class = if c.0 == 0 { "rollout__cell--zero" } else { "" };
                cell(i, c.0.to_string(), class).attr(
                    "title",
                    &format!("{} ready, {} not ready, {} terminating", c.0, c.1, c.2),
                )
            }))
    });
    El::new("div").class("rollout__scroll").child(
        El::new("table")
            .class("rollout__timeline")
            .attr("data-testid", "rollout-timeline")
            .child(El::new("tbody").child(head).child(pods).children(services)),
    )
}
