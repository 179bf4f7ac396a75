//! The part of the graph in view: zoom, pan, *Fit* and the opening view.

use crate::ui::AppState;
use leptos::prelude::*;

/// The most *Fit* (and the opening view) enlarges a small graph.
pub(super) const MAX_FIT_ZOOM: f64 = 1.4;

/// The part of the graph in view. `None` is the opening view: from the top
/// left, the graph's full width when it nearly fits the screen, else at
/// 100 % (the wheel pans to the rest); *Fit* shows the whole graph, both axes.
#[derive(Clone, Copy)]
pub(super) struct Camera {
    pub(super) view_box: RwSignal<Option<(f64, f64, f64, f64)>>,
    pub(super) state: AppState,
    /// The drawing's size on screen in pixels, kept by a `ResizeObserver`.
    pub(super) screen: RwSignal<Option<(f64, f64)>>,
}

impl Camera {
    /// The whole graph (x, y, width, height) in graph units, with a margin.
    pub(super) fn whole(self) -> (f64, f64, f64, f64) {
        self.state
            .layout
            .with(|l| (-8.0, -8.0, l.width + 16.0, l.height + 16.0))
    }

    /// The drawing's size on screen, in pixels (`None` before it is laid out).
    pub(super) fn screen(self) -> Option<(f64, f64)> {
        self.screen.get().filter(|(w, h)| *w > 0.0 && *h > 0.0)
    }

    /// The visible rectangle (x, y, width, height) in graph units.
    pub(super) fn current(self) -> (f64, f64, f64, f64) {
        self.view_box
            .get()
            .unwrap_or_else(|| opening_view(self.whole(), self.screen()))
    }

    /// Graph units per screen pixel (one scale for both axes: `meet`).
    pub(super) fn scale(self) -> f64 {
        let (_, _, w, h) = self.current();
        self.screen().map_or(1.0, |(sw, sh)| (w / sw).max(h / sh))
    }

    /// Zooms by `factor` around the graph point (`cx`, `cy`).
    pub(super) fn zoom(self, factor: f64, cx: f64, cy: f64) {
        let (x, y, w, h) = self.current();
        self.view_box.set(Some((
            cx - (cx - x) * factor,
            cy - (cy - y) * factor,
            w * factor,
            h * factor,
        )));
    }

    /// Zooms by `factor` around the centre of the view.
    pub(super) fn zoom_center(self, factor: f64) {
        let (x, y, w, h) = self.current();
        self.zoom(factor, x + w / 2.0, y + h / 2.0);
    }

    /// Moves the view by (`dx`, `dy`) graph units, never past the graph's
    /// edges by more than half a view.
    pub(super) fn pan(self, dx: f64, dy: f64) {
        let (x, y, w, h) = self.current();
        let (gx, gy, gw, gh) = self.whole();
        let clamp = |v: f64, lo: f64, hi: f64| v.max(lo).min(hi.max(lo));
        self.view_box.set(Some((
            clamp(x + dx, gx - w / 2.0, gx + gw - w / 2.0),
            clamp(y + dy, gy - h / 2.0, gy + gh - h / 2.0),
            w,
            h,
        )));
    }

    /// Shows the whole graph, both axes.
    pub(super) fn fit(self) {
        self.fit_to(self.whole());
    }

    /// Shows the rectangle (x, y, width, height), both axes, enlarged at
    /// most [`MAX_FIT_ZOOM`] times (a small graph is not blown up).
    pub(super) fn fit_to(self, (x, y, w, h): (f64, f64, f64, f64)) {
        let Some((sw, sh)) = self.screen() else {
            self.view_box.set(Some((x, y, w, h)));
            return;
        };
        let scale = (sw / w).min(sh / h).min(MAX_FIT_ZOOM);
        let (vw, vh) = (sw / scale, sh / scale);
        self.view_box.set(Some((x - (vw - w) / 2.0, y, vw, vh)));
    }

    /// The rectangle the screen shows (x, y, width, height) in graph units:
    /// the view box widened (or lengthened) to the screen's shape, as
    /// `xMidYMin meet` draws it.
    pub(super) fn visible(self) -> (f64, f64, f64, f64) {
        let (x, y, w, h) = self.current();
        match self.screen() {
            Some((sw, sh)) => {
                let k = (w / sw).max(h / sh);
                (x + w / 2.0 - sw * k / 2.0, y, sw * k, sh * k)
            }
            None => (x, y, w, h),
        }
    }

    /// Whether the screen shows the whole graph.
    pub(super) fn shows_all(self) -> bool {
        let (x, y, w, h) = self.visible();
        let (gx, gy, gw, gh) = self.whole();
        x <= gx + 1.0 && y <= gy + 1.0 && x + w >= gx + gw - 1.0 && y + h >= gy + gh - 1.0
    }

    /// Moves the view so that its centre is the graph point (`cx`, `cy`).
    pub(super) fn center_on(self, cx: f64, cy: f64) {
        let (_, _, w, h) = self.current();
        self.view_box.set(Some((cx - w / 2.0, cy - h / 2.0, w, h)));
    }

    /// One graph unit per screen pixel (100 %), around the view's centre.
    pub(super) fn actual_size(self) {
        let Some((sw, sh)) = self.screen() else {
            return;
        };
        let (x, y, w, h) = self.current();
        let (cx, cy) = (x + w / 2.0, y + h / 2.0);
        self.view_box
            .set(Some((cx - sw / 2.0, cy - sh / 2.0, sw, sh)));
    }
}

/// The opening view of the graph `whole` (x, y, width, height) on a screen of
/// (width, height) pixels: the full width when it nearly fits (enlarged at
/// most [`MAX_FIT_ZOOM`], centred), else at 100 %, from the top left: as much
/// as the screen shows. A graph is enlarged only as far as its height fits
/// too: enlarging past the screen's height would hide its bottom behind a
/// scroll (and bring up the minimap) for no gain.
fn opening_view(
    (x, y, w, h): (f64, f64, f64, f64),
    screen: Option<(f64, f64)>,
) -> (f64, f64, f64, f64) {
    let Some((sw, sh)) = screen else {
        return (x, y, w, h);
    };
    let scale = if w <= sw * 1.25 {
        let across = sw / w;
        if across > 1.0 {
            across.min(MAX_FIT_ZOOM).min((sh / h).max(1.0))
        } else {
            across
        }
    } else {
        1.0
    };
    let (vw, vh) = (sw / scale, sh / scale);
    let x = if vw > w { x - (vw - w) / 2.0 } else { x };
    (x, y, vw, h.min(vh))
}

#[cfg(test)]
mod tests {
    use super::opening_view;

    #[test]
    fn a_narrow_graph_is_enlarged_only_as_far_as_its_height_fits() {
        // Half the screen's width: 2× across, but its height fits only 1.2×.
        let (_, _, vw, vh) = opening_view((0.0, 0.0, 400.0, 500.0), Some((800.0, 600.0)));
        assert!((800.0 / vw - 1.2).abs() < 1e-9, "scale {}", 800.0 / vw);
        assert!(vh >= 500.0, "the whole height is in view: {vh}");
    }

    #[test]
    fn a_short_narrow_graph_is_enlarged_at_most_max_fit_zoom_and_centred() {
        let (x, _, vw, _) = opening_view((0.0, 0.0, 400.0, 100.0), Some((800.0, 600.0)));
        assert!((800.0 / vw - super::MAX_FIT_ZOOM).abs() < 1e-9);
        assert!(x < 0.0 && (x + vw / 2.0 - 200.0).abs() < 1e-9, "centred");
    }

    #[test]
    fn a_tall_graph_is_not_shrunk_by_its_height() {
        // Taller than the screen: 100 %, from the top, the wheel pans.
        let (_, y, vw, vh) = opening_view((0.0, -8.0, 600.0, 3000.0), Some((800.0, 600.0)));
        assert_eq!((y, vw, vh), (-8.0, 800.0, 600.0));
    }

    #[test]
    fn a_wide_graph_opens_at_full_size_from_the_left() {
        let (x, _, vw, _) = opening_view((-8.0, -8.0, 2000.0, 300.0), Some((800.0, 600.0)));
        assert_eq!((x, vw), (-8.0, 800.0));
    }
}
