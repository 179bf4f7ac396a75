//! A tiny builder of plain DOM trees, used by the editor pane
//! ([`super::editor`]: its outline and its virtualised lines) until that
//! pane is replaced. Everything else in the UI is Leptos views.
//!
//! Text always enters as text nodes, never as markup, so nothing from the
//! input can become an element.

use wasm_bindgen::JsCast;

/// An element under construction (inert when there is no document).
pub struct El(Option<web_sys::Element>);

impl El {
    /// A new `<tag>`.
    pub fn new(tag: &str) -> El {
        El(web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element(tag).ok()))
    }

    /// The element built (none without a document).
    pub fn into_element(self) -> Option<web_sys::Element> {
        self.0
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> El {
        if let Some(e) = &self.0 {
            let _ = e.set_attribute(name, value);
        }
        self
    }

    /// Sets the `class` attribute.
    pub fn class(self, class: &str) -> El {
        self.attr("class", class)
    }

    /// Appends text (as a text node).
    pub fn text(self, text: &str) -> El {
        if let Some(e) = &self.0 {
            let _ = e.append_with_str_1(text);
        }
        self
    }

    /// Appends a child element.
    pub fn child(self, child: El) -> El {
        if let (Some(e), Some(c)) = (&self.0, child.0) {
            let _ = e.append_with_node_1(&c);
        }
        self
    }

    /// Appends children.
    pub fn children(self, children: impl IntoIterator<Item = El>) -> El {
        children.into_iter().fold(self, El::child)
    }

    /// `<tag class=…>text</tag>`.
    pub fn leaf(tag: &str, class: &str, text: &str) -> El {
        El::new(tag).class(class).text(text)
    }
}

/// Makes `layer`'s children exactly `wanted`, in order: elements already
/// there in the same relative order stay, others are inserted or moved, and
/// any left over are removed.
pub fn reconcile(layer: &web_sys::Element, wanted: &[web_sys::Element]) {
    let mut next = layer.first_element_child();
    for el in wanted {
        if next.as_ref() == Some(el) {
            next = el.next_element_sibling();
        } else {
            let _ = layer.insert_before(el, next.as_ref().map(|n| n.unchecked_ref()));
        }
    }
    while let Some(stale) = next {
        next = stale.next_element_sibling();
        stale.remove();
    }
}
