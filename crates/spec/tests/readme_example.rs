//! The complete example in `problems/README.md` is what authors copy: it must stay a valid problem.

use pixelbank_spec::{Expected, Problem, SourceFile};

#[test]
fn the_readme_example_is_a_valid_problem() {
    let readme = include_str!("../../../problems/README.md");
    let start = readme
        .find("```toml\n# problems/dot-product.toml")
        .expect("the README has the dot-product example")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("the example is closed");
    let file = SourceFile {
        name: "dot-product.toml".into(),
        text: readme[start..end].to_string(),
    };
    let problem = Problem::parse(&file).unwrap_or_else(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{}", all.join("\n\n"))
    });
    assert_eq!(
        problem.signature.rust_declaration(),
        "pub fn dot_product(a: &[f64], b: &[f64]) -> Result<f64, String>"
    );
    assert_eq!(problem.visible_cases().count(), 6);
    assert_eq!(problem.cases.len() - 6, 4, "hidden cases");
    assert!(
        problem
            .cases
            .iter()
            .any(|c| c.expected == Expected::Rejection)
    );
    let generator = problem.generator.expect("the example has a generator");
    assert_eq!(generator.dims.len(), 1);
    assert_eq!(generator.variants.len(), 1);
    assert_eq!(generator.variants[0].rejects, Some(true));
}
