//! Exports the drawn graph as a standalone SVG file (styles inlined, in the current theme's colours) or as a PNG at twice its size.

use super::graph_view::num;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The style properties the graph's CSS sets, copied onto each exported
/// element so that the file looks the same without the page's stylesheet.
const PROPERTIES: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "paint-order",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
];

/// The whole graph (x, y, width, height) in graph units, as exported.
pub type Bounds = (f64, f64, f64, f64);

/// The drawing `svg` as a standalone SVG document showing `bounds`: every
/// element's computed style inlined, hidden ones left out, and the page's
/// background behind it. Texts stay text nodes (the serializer escapes them).
pub fn standalone_svg(svg: &Element, bounds: Bounds) -> Option<String> {
    let window = web_sys::window()?;
    let copy: Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let from = svg.query_selector_all("*").ok()?;
    let to = copy.query_selector_all("*").ok()?;
    let mut gone = Vec::new();
    for i in 0..from.length() {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.dyn_into::<Element>(), b.dyn_into::<Element>()) else {
            continue;
        };
        let Ok(Some(style)) = window.get_computed_style(&a) else {
            continue;
        };
        if style.get_property_value("display").ok().as_deref() == Some("none") {
            gone.push(b);
            continue;
        }
        let mut inline = String::new();
        for p in PROPERTIES {
            if let Ok(v) = style.get_property_value(p) {
                if !v.is_empty() {
                    inline.push_str(&format!("{p}:{v};"));
                }
            }
        }
        let _ = b.set_attribute("style", &inline);
        for attr in ["tabindex", "role", "class"] {
            let _ = b.remove_attribute(attr);
        }
    }
    for b in gone {
        b.remove();
    }
    let (x, y, w, h) = bounds;
    for (k, v) in [
        ("xmlns", "http://www.w3.org/2000/svg".to_string()),
        (
            "viewBox",
            format!("{} {} {} {}", num(x), num(y), num(w), num(h)),
        ),
        ("width", num(w.ceil())),
        ("height", num(h.ceil())),
    ] {
        let _ = copy.set_attribute(k, &v);
    }
    for attr in ["tabindex", "class", "style", "data-testid", "role"] {
        let _ = copy.remove_attribute(attr);
    }
    let background = window
        .document()
        .and_then(|d| d.body())
        .and_then(|b| window.get_computed_style(&b).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_else(|| "white".into());
    let doc = window.document()?;
    let rect = doc
        .create_element_ns(Some("http://www.w3.org/2000/svg"), "rect")
        .ok()?;
    for (k, v) in [
        ("x", num(x)),
        ("y", num(y)),
        ("width", num(w)),
        ("height", num(h)),
        ("fill", background),
    ] {
        let _ = rect.set_attribute(k, &v);
    }
    let _ = copy.insert_before(&rect, copy.first_child().as_ref());
    web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()
}

/// Downloads the graph as `svcmap-graph.svg`.
pub fn save_svg(svg: &Element, bounds: Bounds) {
    let Some(text) = standalone_svg(svg, bounds) else {
        return;
    };
    super::files::save_as("svcmap-graph.svg", "image/svg+xml", &text);
}

/// Most pixels of an exported PNG: browsers refuse larger canvases.
const MAX_PIXELS: f64 = 32_000_000.0;

/// Downloads the graph as `svcmap-graph.png`, drawn at twice its size (less
/// for a huge graph) on an offscreen canvas. The SVG reaches the image as a
/// `data:` URL, which the page's Content-Security-Policy allows for images.
pub fn save_png(svg: &Element, bounds: Bounds) {
    let Some(text) = standalone_svg(svg, bounds) else {
        return;
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(img) = doc
        .create_element("img")
        .map(|e| e.unchecked_into::<web_sys::HtmlImageElement>())
    else {
        return;
    };
    let (_, _, w, h) = bounds;
    let scale = 2.0_f64.min((MAX_PIXELS / (w * h).max(1.0)).sqrt());
    let (cw, ch) = ((w * scale).ceil(), (h * scale).ceil());
    let image = img.clone();
    let onload = Closure::once_into_js(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(canvas) = doc
            .create_element("canvas")
            .map(|e| e.unchecked_into::<web_sys::HtmlCanvasElement>())
        else {
            return;
        };
        canvas.set_width(cw as u32);
        canvas.set_height(ch as u32);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, cw, ch);
        let saved = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            if let Some(blob) = blob {
                super::files::save_blob(&blob, "svcmap-graph.png");
            }
        });
        let _ = canvas.to_blob(saved.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    let encoded = web_sys::js_sys::encode_uri_component(&text);
    img.set_src(&format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(encoded)
    ));
}
