//! The rollout stepper: shown above the graph while the rollout of a
//! Deployment, StatefulSet or DaemonSet is simulated. It moves through the engine's steps (first, back, play,
//! forward, last, or a click on the timeline); the graph and every panel show
//! the selected step, because the analysis itself is the step's
//! ([`crate::engine::scenarios::rollout::apply`]). The text is never changed; editing it
//! ends the simulation.

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
    let player = Player {
        state,
        playing,
        timer: StoredValue::new(None),
    };
    // Ending the simulation (an edit, another rollout) stops the player's timer.
    Effect::new(move |_| {
        if state.rollout.with(Option::is_none) && playing.get_untracked() {
            player.stop();
        }
    });
    view! {
        <div class="rollout" data-testid="rollout">
            {move || {
                let playing = playing.get();
                state.rollout.with(|r| match r {
                    None => view! { <div></div> }.into_any(),
                    Some(r) => bar(r, playing, player),
                })
            }}
        </div>
    }
}

/// What the stepper's buttons act on: the rollout shown and the player.
#[derive(Clone, Copy)]
struct Player {
    state: AppState,
    playing: RwSignal<bool>,
    timer: StoredValue<Option<IntervalHandle>>,
}

/// A button of the stepper.
#[derive(Clone, Copy)]
enum Control {
    First,
    Prev,
    Play,
    Next,
    Last,
    Close,
    /// A step of the timeline.
    Step(usize),
}

impl Player {
    /// The step shown and the last one.
    fn position(self) -> (usize, usize) {
        self.state
            .rollout
            .with_untracked(|r| r.as_ref().map_or((0, 0), |r| (r.step, r.last())))
    }

    fn go(self, to: usize) {
        self.state.rollout.update(|r| {
            if let Some(r) = r {
                r.step = to.min(r.plan.steps.len().saturating_sub(1));
            }
        })
    }

    fn stop(self) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
        self.playing.set(false);
    }

    /// One step on while playing; the player stops at the last.
    fn advance(self) {
        let (step, last) = self.position();
        if step >= last {
            self.stop();
        } else {
            self.go(step + 1);
        }
    }

    /// What a click on `control` does. Moving by hand (or Pause) stops the player.
    fn press(self, control: Control) {
        let (step, last) = self.position();
        match control {
            Control::First => self.go(0),
            Control::Prev => self.go(step.saturating_sub(1)),
            Control::Next => self.go(step + 1),
            Control::Last => self.go(last),
            Control::Step(i) => self.go(i),
            Control::Play if self.playing.get_untracked() => {}
            Control::Play => {
                if step >= last {
                    self.go(0);
                }
                self.playing.set(true);
                self.timer.set_value(
                    set_interval_with_handle(move || self.advance(), PLAY_INTERVAL).ok(),
                );
                return;
            }
            Control::Close => {
                self.stop();
                self.state.finish_rollout();
                return;
            }
        }
        self.stop();
    }
}

/// A button of the stepper's controls.
#[component]
fn StepButton(
    /// The player it drives.
    player: Player,
    /// What it does.
    control: Control,
    /// What it shows.
    label: &'static str,
    /// Its `data-testid` suffix (`rollout-…`).
    id: &'static str,
    /// Its accessible name.
    aria: &'static str,
) -> impl IntoView {
    view! {
        <button
            class="button button--small"
            type="button"
            data-testid=format!("rollout-{id}")
            aria-label=aria
            on:click=move |_| player.press(control)
        >
            {label}
        </button>
    }
}

/// The bar's content for a rollout at its current step.
fn bar(r: &RolloutView, playing: bool, player: Player) -> AnyView {
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
    let title = format!(
        "{} of {}/{}",
        if p.restart { "Restart" } else { "Rollout" },
        kind.to_ascii_lowercase(),
        p.deployment.name
    );
    let about = format!(
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
    );
    let step = &p.steps[r.step.min(p.steps.len() - 1)];
    let step_text = format!("Step {} of {}: {}", r.step, r.last(), step.title);
    let outages = r
        .timeline
        .iter()
        .filter_map(|s| {
            let out = s.outage();
            let first = out.first()?;
            let text = format!(
                "Service {} has no ready endpoint from step {first} ({} of {} steps): requests fail during this rollout",
                s.service,
                out.len(),
                s.counts.len()
            );
            Some(view! { <p class="rollout__outage" role="alert">{text}</p> })
        })
        .collect_view();
    let (play, play_aria) = if playing {
        ("❚❚ Pause", "Pause")
    } else {
        ("▶ Play", "Play")
    };
    view! {
        <div class="rollout__bar">
            <div class="rollout__head">
                <strong>{title}</strong>
                <span class="muted">{about}</span>
                <StepButton player control=Control::Close label="✕" id="close" aria="Close the rollout"/>
            </div>
            <div class="rollout__controls">
                <StepButton player control=Control::First label="|◀" id="first" aria="First step"/>
                <StepButton player control=Control::Prev label="◀" id="prev" aria="Previous step"/>
                <StepButton player control=Control::Play label=play id="play" aria=play_aria/>
                <StepButton player control=Control::Next label="▶" id="next" aria="Next step"/>
                <StepButton player control=Control::Last label="▶|" id="last" aria="Last step"/>
                <span class="rollout__step" data-testid="rollout-step" aria-live="polite">{step_text}</span>
            </div>
            {timeline(r, player)}
            {outages}
        </div>
    }
    .into_any()
}

/// A table: one column per step, a row of pod counts and one row of ready
/// endpoints per Service; a click on a cell jumps to its step.
fn timeline(r: &RolloutView, player: Player) -> impl IntoView {
    let steps = &r.plan.steps;
    let current = r.step;
    let count = steps.len();
    let cell = move |i: usize, text: String, class: &str, title: Option<String>| {
        let class = format!(
            "rollout__cell {class}{}",
            if i == current { " is-current" } else { "" }
        );
        view! {
            <td
                class=class
                data-arg=i.to_string()
                data-tip=title.clone()
                data-tip-pos=if 2 * i < count { "right" } else { "left" }
                aria-label=title
                on:click=move |_| player.press(Control::Step(i))
            >
                {text}
            </td>
        }
    };
    let numbers = (0..steps.len())
        .map(|i| cell(i, i.to_string(), "rollout__num", None))
        .collect_view();
    let pods = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (o, n) = s.replicas();
            cell(i, format!("{o}/{n}"), "", None)
        })
        .collect_view();
    let services = r
        .timeline
        .iter()
        .map(|s| {
            let cells = s
                .counts
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let class = if c.0 == 0 { "rollout__cell--zero" } else { "" };
                    let title = format!("{} ready, {} not ready, {} terminating", c.0, c.1, c.2);
                    cell(i, c.0.to_string(), class, Some(title))
                })
                .collect_view();
            let head = format!("{} ready", s.service);
            view! { <tr data-service=s.service.clone()><th>{head}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="rollout__scroll">
            <table class="rollout__timeline" data-testid="rollout-timeline">
                <tbody>
                    <tr><th>"step"</th>{numbers}</tr>
                    <tr><th>"pods old/new"</th>{pods}</tr>
                    {services}
                </tbody>
            </table>
        </div>
    }
}
