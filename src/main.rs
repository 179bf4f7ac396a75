//! The wasm entry of the playground: a panic hook, then `<App/>` on `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(svcmap::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("svcmap-web is the browser playground: build it with `trunk build --release` (or run `make serve`).");
    std::process::exit(2);
}
