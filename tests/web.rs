//! Browser tests: components mounted in headless Chromium, driven through the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, with no autosaved text or fragment left
/// over from another test (the playground reads both at start).
fn fresh_container() -> HtmlElement {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.clear();
    }
    let _ = window()
        .history()
        .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#")));
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

// The editor's test API (src/web/editor/load.js): it holds the text and the
// marks whether or not the CodeMirror bundle loaded (these tests run without it).
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
export function editor_set_text(t) { window.svcmapEditor.setText(t); }
export function editor_marks() { return JSON.stringify(window.svcmapEditor.diagnostics()); }
export function editor_selected() { return JSON.stringify(window.svcmapEditor.selected()); }
")]
extern "C" {
    fn editor_set_text(text: &str);
    fn editor_marks() -> String;
    fn editor_selected() -> String;
}

fn type_text(root: &HtmlElement, text: &str) {
    assert!(
        root.query_selector("[data-testid=editor]")
            .expect("query")
            .is_some(),
        "the editor is rendered"
    );
    editor_set_text(text);
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
    assert_eq!(
        count(&root, "[data-kind=edge]:not([data-state=near-miss])"),
        0
    );
    // `apx` is one letter from the pods' `api`: both drawn as near misses.
    assert_eq!(
        count(
            &root,
            "[data-kind=edge][data-from='shop/api'][data-state=near-miss]"
        ),
        2
    );
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
    let at = item
        .query_selector(".diagnostic__at")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(at.starts_with("3:") || at.starts_with("2:"), "{at}");
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

fn query_input(root: &HtmlElement, text: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid=query]")
        .expect("query")
        .expect("the selector box is rendered")
        .unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    input.dispatch_event(&ev).expect("dispatch");
}

fn text_of(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn query_box_lights_up_matching_pods_and_reports_errors_with_a_column() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), svcmap::ui::App);
    leptos::task::tick().await;
    query_input(&root, "tier in (frontend,api),!track");
    leptos::task::tick().await;
    // The three Deployment pods have tier=frontend and no track label.
    assert_eq!(count(&root, "[data-kind=pod].is-match"), 3);
    assert!(text_of(&root, "[data-testid=query-result]").contains("3 pods match"));
    query_input(&root, "tier in (web api)");
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-kind=pod].is-match"), 0);
    let msg = text_of(&root, "[data-testid=query-result]");
    assert!(msg.starts_with("column 14"), "{msg}");
    root.remove();
}

#[wasm_bindgen_test]
async fn editor_marks_diagnostics_in_place() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), svcmap::ui::App);
    leptos::task::tick().await;
    type_text(
        &root,
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: eighty}]\n",
    );
    leptos::task::tick().await;
    // A lint mark exactly under the bad value (UTF-16 offsets), with its code.
    let text =
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: eighty}]\n";
    let at = text.find("eighty").expect("in the text");
    let marks = editor_marks();
    assert!(
        marks.contains(&format!(
            "\"from\":{at},\"to\":{},\"severity\":\"error\",\"message\":\"OBJ003",
            at + "eighty".len()
        )),
        "{marks}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn clicking_a_service_highlights_its_pods_and_shows_details() {
    let root = fresh_container();
    let _handle = leptos::mount::mount_to(root.clone(), svcmap::ui::App);
    leptos::task::tick().await;
    let svc: web_sys::Element = root
        .query_selector("[data-kind=service][data-name='default/web']")
        .unwrap()
        .expect("service node");
    // A click bubbles (the graph listens once, on the SVG).
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    svc.dispatch_event(&web_sys::Event::new_with_event_init_dict("click", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-kind=service].is-selected"), 1);
    assert_eq!(count(&root, "[data-kind=pod].is-related"), 5);
    let details = text_of(&root, "[data-testid=details]");
    assert!(details.contains("Service default/web"), "{details}");
    assert!(details.contains("not ready"), "{details}");
    // The Service's lines are highlighted in the editor.
    let selected = editor_selected();
    assert!(
        selected.starts_with('[') && selected != "null",
        "{selected}"
    );
    root.remove();
}

#[wasm_bindgen_test]
fn a_crash_shows_the_text_as_text_ready_to_copy() {
    let root = fresh_container();
    let text =
        "kind: Pod\nmetadata: {name: \"<img src=x onerror=alert(1)>\"}\n<script>alert(2)</script>";
    svcmap::ui::crash::show_in(&root, text);
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("[data-testid=crash] textarea")
        .unwrap()
        .expect("the text box")
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), text);
    assert!(area.read_only());
    assert_eq!(
        count(&root, "img, script"),
        0,
        "nothing from the text became an element"
    );
    assert!(text_of(&root, "[data-testid=crash]").contains("internal error"));
    root.remove();
}
