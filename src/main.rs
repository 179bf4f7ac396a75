//! The wasm entry of the playground: the crash hook (which keeps the text
//! safe if anything panics), then `<App/>` on `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    svcmap::ui::crash::install();
    leptos::mount::mount_to_body(svcmap::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("svcmap-web is the browser playground: build it with `trunk build --release` (or run `make serve`).");
    std::process::exit(2);
}
