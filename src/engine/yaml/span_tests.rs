//! Tests of the YAML layer.

use super::*;

#[test]
fn block_collections_end_at_their_last_child() {
    let docs =
        parse_documents("spec:\n  selector:\n    app: web   # comment\n  ports:\n    - port: 80\n");
    let root = docs[0].root.as_ref().unwrap();
    let sel = root.get("spec").unwrap().get("selector").unwrap();
    assert_eq!(
        (sel.span.start.line, sel.span.end.line, sel.span.end.column),
        (3, 3, 13)
    );
    let ports = root.get("spec").unwrap().get("ports").unwrap();
    assert_eq!((ports.span.end.line, ports.span.end.column), (5, 15));
    let flow = parse_documents("a: {x: 1}\n");
    let a = flow[0].root.as_ref().unwrap().get("a").unwrap();
    assert_eq!((a.span.start.column, a.span.end.column), (4, 10));
}
