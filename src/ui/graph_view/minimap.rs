//! The minimap in the corner of a graph larger than one screen: where the
//! view is; click or drag it to move there.

use super::camera::Camera;
use super::text_fit::num;
use crate::engine::render::graph::NodeKind;
use crate::ui::text;
use leptos::prelude::*;

/// Width of the minimap, in pixels.
pub(super) const MINIMAP_W: f64 = 180.0;
/// Most height of the minimap, in pixels.
pub(super) const MINIMAP_H: f64 = 120.0;

/// An overview in the corner when the graph is larger than the screen: the
/// namespaces and Services, and the rectangle in view. A click or a drag on
/// it moves the view there.
#[component]
pub(super) fn Minimap(
    /// The view it shows and moves.
    camera: Camera,
) -> impl IntoView {
    let state = camera.state;
    let map_ref = NodeRef::<leptos::svg::Svg>::new();
    let dragging = StoredValue::new(false);
    let size = Memo::new(move |_| {
        let (_, _, w, h) = camera.whole();
        let k = (MINIMAP_W / w).min(MINIMAP_H / h);
        (w * k, h * k)
    });
    let outline = Memo::new(move |_| {
        state.layout.with(|l| {
            let mut d = String::new();
            for g in l.groups.iter().filter(|g| g.kind == "namespace") {
                d.push_str(&format!(
                    "M{} {}h{}v{}h-{}z",
                    num(g.x),
                    num(g.y),
                    num(g.w),
                    num(g.h),
                    num(g.w)
                ));
            }
            let mut s = String::new();
            for n in l.nodes.iter().filter(|n| n.kind != NodeKind::Port) {
                s.push_str(&format!(
                    "M{} {}h{}v{}h-{}z",
                    num(n.x),
                    num(n.y),
                    num(n.w),
                    num(n.h),
                    num(n.w)
                ));
            }
            (d, s)
        })
    });
    let move_to = move |client_x: i32, client_y: i32| {
        let Some(svg) = map_ref.get() else {
            return;
        };
        let r = svg.get_bounding_client_rect();
        let (gx, gy, gw, gh) = camera.whole();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return;
        }
        let cx = gx + (f64::from(client_x) - r.left()) / r.width() * gw;
        let cy = gy + (f64::from(client_y) - r.top()) / r.height() * gh;
        camera.center_on(cx, cy);
    };
    let view_rect = move || camera.visible();
    view! {
        <Show when=move || !camera.shows_all()>
            <svg
                class="minimap"
                data-testid="minimap"
                aria-hidden="true"
                node_ref=map_ref
                width=text(move || num(size.get().0))
                height=text(move || num(size.get().1))
                viewBox=text(move || {
                    let (x, y, w, h) = camera.whole();
                    format!("{} {} {} {}", num(x), num(y), num(w), num(h))
                })
                preserveAspectRatio="none"
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    ev.prevent_default();
                    dragging.set_value(true);
                    move_to(ev.client_x(), ev.client_y());
                }
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if dragging.get_value() && ev.buttons() != 0 {
                        move_to(ev.client_x(), ev.client_y());
                    } else {
                        dragging.set_value(false);
                    }
                }
                on:pointerup=move |_| dragging.set_value(false)
            >
                <path class="minimap__namespaces" d=text(move || outline.with(|o| o.0.clone()))></path>
                <path class="minimap__nodes" d=text(move || outline.with(|o| o.1.clone()))></path>
                <rect
                    class="minimap__view"
                    data-testid="minimap-view"
                    x=text(move || num(view_rect().0))
                    y=text(move || num(view_rect().1))
                    width=text(move || num(view_rect().2))
                    height=text(move || num(view_rect().3))
                ></rect>
            </svg>
        </Show>
    }
}
