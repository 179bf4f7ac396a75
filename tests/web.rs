//! Browser tests: components mounted in headless Chromium, driven through the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> HtmlElement {
    let doc = document();
    let div = doc.create_element("div").expect("create div");
    doc.body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div.unchecked_into()
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .expect("valid selector")
        .length()
}

fn type_text(root: &HtmlElement, text: &str) {
    let ta: HtmlTextAreaElement = root
        .query_selector("[data-testid=editor]")
        .expect("query")
        .expect("the editor is rendered")
        .unchecked_into();
    ta.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    ta.dispatch_event(&ev).expect("dispatch");
}

const ONE_SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-1, namespace: shop, labels: {app: api}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-2, namespace: shop, labels: {app: api}}\nstatus: {phase: Running, podIP: 10.1.0.2, conditions: [{type: Ready, status: 'False'}]}\n";

#[wasm_bindgen_test]
async fn app_draws_the_default_example() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), svcmap::ui::App);
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-testid=graph] [data-kind=service]"), 1);
    assert_eq!(count(&root, "[data-testid=graph] [data-kind=pod]"), 5);
    assert_eq!(count(&root, "[data-kind=edge][data-state=ready]"), 3);
    assert_eq!(count(&root, "[data-kind=edge][data-state=not-ready]"), 1);
    assert_eq!(count(&root, "[data-kind=edge][data-state=terminating]"), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_yaml_redraws_the_graph() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), svcmap::ui::App);
    leptos::task::tick().await;
    type_text(&root, ONE_SERVICE);
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-kind=service][data-name='shop/api']"), 1);
    assert_eq!(
        count(
            &root,
            "[data-kind=edge][data-from='shop/api'][data-to='shop/api-1'][data-state=ready]"
        ),
        1
    );
    assert_eq!(
        count(
            &root,
            "[data-kind=edge][data-from='shop/api'][data-to='shop/api-2'][data-state=not-ready]"
        ),
        1
    );
    // Break the selector: the edges go, a diagnostic appears.
    type_text(
        &root,
        &ONE_SERVICE.replace("selector: {app: api}", "selector: {app: apx}"),
    );
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-kind=edge]"), 0);
    let diags = root
        .query_selector("[data-testid=diagnostics]")
        .unwrap()
        .expect("diagnostics panel")
        .text_content()
        .unwrap_or_default();
    assert!(diags.contains("SVC002"), "{diags}");
    root.remove();
}

#[wasm_bindgen_test]
async fn diagnostics_panel_shows_syntax_errors_with_their_line() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), svcmap::ui::App);
    leptos::task::tick().await;
    type_text(&root, "kind: Pod\nmetadata: [\n");
    leptos::task::tick().await;
    let item = root
        .query_selector("[data-testid=diagnostics] [data-code=YAML001]")
        .unwrap()
        .expect("a YAML syntax diagnostic");
    let text = item.text_content().unwrap_or_default();
    assert!(text.starts_with('3') || text.starts_with('2'), "{text}");
    // Hostile input is rendered as text, never as markup.
    type_text(
        &root,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"<img src=x onerror=alert(1)>\"\n",
    );
    leptos::task::tick().await;
    assert_eq!(count(&root, "img"), 0);
    assert_eq!(count(&root, "[data-kind=pod]"), 1);
    root.remove();
}
