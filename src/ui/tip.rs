//! Tooltips: a `data-tip` attribute, drawn by the stylesheet (section
//! "Tooltips") on hover and keyboard focus at once, in both themes; its text
//! reaches assistive technology through a hidden element that the control
//! names in `aria-describedby` ([`TipText`]), or through `aria-label`.

use leptos::prelude::*;

/// A tooltip's text for assistive technology: hidden from view, read as the
/// description of the control whose `aria-describedby` names `id`.
#[component]
pub fn TipText(
    /// Its element id.
    id: &'static str,
    /// The text, the same as the control's `data-tip`.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! { <span id=id hidden>{move || text.get()}</span> }
}
