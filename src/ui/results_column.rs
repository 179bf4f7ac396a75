//! `<ResultsColumn/>`: the right-hand column — rollout bar, graph, and the
//! results panel under a splitter that resizes it (drag, or the arrow keys)
//! and is remembered in this browser.

use super::{browser, rollout_bar, use_app_state, GraphView, Panels};
use leptos::prelude::*;

/// The storage key of the results panel's share of the column.
pub const PANEL_KEY: &str = "svcmap.panel";
/// The panel's share of the column, in percent: at first, and its bounds.
const SHARE: (u32, u32, u32) = (34, 12, 80);

/// The panel's share as saved (`None` when absent or not a number).
/// Whole percents: parsing floats would add the float parser's 10 KB.
pub fn saved_share(saved: Option<&str>) -> Option<u32> {
    saved
        .and_then(|s| s.trim().parse::<u32>().ok())
        .map(|p| p.clamp(SHARE.1, SHARE.2))
}

/// The column.
#[component]
pub fn ResultsColumn() -> impl IntoView {
    let state = use_app_state();
    let remember = state.embed.is_none();
    let saved = remember.then(|| browser::load(PANEL_KEY)).flatten();
    let share = RwSignal::new(saved_share(saved.as_deref()).unwrap_or(SHARE.0));
    let save = move || {
        if remember {
            browser::save(PANEL_KEY, &share.get_untracked().to_string());
        }
    };
    let dragging = StoredValue::new(false);
    let column = NodeRef::<leptos::html::Section>::new();
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if !dragging.get_value() {
            return;
        }
        if let Some(c) = column.get() {
            let r = c.get_bounding_client_rect();
            if r.height() > 0.0 {
                let pct = (r.bottom() - f64::from(ev.client_y())) / r.height() * 100.0;
                share.set((pct.round() as u32).clamp(SHARE.1, SHARE.2));
            }
        }
    };
    let release = move || {
        if dragging.get_value() {
            dragging.set_value(false);
            save();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let grow = match ev.key().as_str() {
            "ArrowUp" => true,
            "ArrowDown" => false,
            _ => return,
        };
        ev.prevent_default();
        share.update(|s| {
            *s = if grow { *s + 2 } else { s.saturating_sub(2) }.clamp(SHARE.1, SHARE.2)
        });
        save();
    };
    view! {
        <section
            class="app__right"
            class:is-analysing=move || state.analyses.progress.with(Option::is_some)
            aria-label="Graph and panels"
            node_ref=column
            style=move || format!("--panel-share: {}%", share.get())
            on:pointermove=on_move
            on:pointerup=move |_| release()
            on:pointerleave=move |_| release()
        >
            <rollout_bar::RolloutBar/>
            <div class="app__graph">
                <GraphView/>
            </div>
            <div
                class="app__hsplitter"
                data-testid="panel-splitter"
                role="separator"
                aria-orientation="horizontal"
                aria-label="Resize the results panel"
                aria-valuemin=SHARE.1.to_string()
                aria-valuemax=SHARE.2.to_string()
                aria-valuenow=move || share.get().to_string()
                tabindex="0"
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    ev.prevent_default();
                    dragging.set_value(true);
                }
                on:keydown=on_key
            ></div>
            <div class="app__panel">
                <Panels/>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_saved_share_is_read_within_bounds() {
        use super::saved_share;
        assert_eq!(saved_share(Some("40")), Some(40));
        assert_eq!(saved_share(Some(" 5 ")), Some(12));
        assert_eq!(saved_share(Some("95")), Some(80));
        assert_eq!(saved_share(Some("4e1")), None);
        assert_eq!(saved_share(None), None);
    }
}
