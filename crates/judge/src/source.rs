//! Checks on the learner's source itself, read with `syn`: the problem's source constraints (no
//! `for` loops, calls to `map` / `filter` / `fold`...) and, when a file does not compile against the
//! harness, a precise account of how its function or structs differ from the declared signature.

use pixelbank_spec::{Constraints, Forbidden, Signature};
use quote::ToTokens;
use syn::visit::{self, Visit};

use crate::verdict::{SignatureMismatch, Violation};

/// Checks `source` against `constraints`. A file that does not parse is left to the compiler.
pub fn check_constraints(constraints: &Constraints, source: &str) -> Vec<Violation> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut finder = Finder::default();
    finder.visit_file(&file);
    let mut violations = Vec::new();
    for forbidden in &constraints.forbid {
        for line in finder.lines_of(*forbidden) {
            violations.push(Violation {
                message: format!(
                    "line {line}: a `{}` {} is not allowed here",
                    forbidden.keyword(),
                    if *forbidden == Forbidden::Unsafe {
                        "block"
                    } else {
                        "loop"
                    },
                ),
                explanation: constraints.explanation.clone(),
            });
        }
    }
    for call in &constraints.require_calls {
        if !finder.calls.iter().any(|c| c == call) {
            violations.push(Violation {
                message: format!("`{call}` is never called"),
                explanation: constraints.explanation.clone(),
            });
        }
    }
    violations
}

#[derive(Default)]
struct Finder {
    found: Vec<(Forbidden, usize)>,
    calls: Vec<String>,
}

impl Finder {
    fn lines_of(&self, what: Forbidden) -> impl Iterator<Item = usize> + '_ {
        self.found
            .iter()
            .filter(move |(f, _)| *f == what)
            .map(|(_, line)| *line)
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        self.found
            .push((Forbidden::For, e.for_token.span.start().line));
        visit::visit_expr_for_loop(self, e);
    }
    fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
        self.found
            .push((Forbidden::While, e.while_token.span.start().line));
        visit::visit_expr_while(self, e);
    }
    fn visit_expr_loop(&mut self, e: &'ast syn::ExprLoop) {
        self.found
            .push((Forbidden::Loop, e.loop_token.span.start().line));
        visit::visit_expr_loop(self, e);
    }
    fn visit_expr_unsafe(&mut self, e: &'ast syn::ExprUnsafe) {
        self.found
            .push((Forbidden::Unsafe, e.unsafe_token.span.start().line));
        visit::visit_expr_unsafe(self, e);
    }
    fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
        self.calls.push(e.method.to_string());
        visit::visit_expr_method_call(self, e);
    }
    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        // `Iterator::fold(it, ..)` and `.map(i64::abs)` name functions by path.
        if let Some(last) = e.path.segments.last() {
            self.calls.push(last.ident.to_string());
        }
        visit::visit_expr_path(self, e);
    }
}

/// Normalises Rust type text for comparison: no spaces, no `ndarray::` prefix.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("ndarray::", "")
}

/// Explains how the learner's declarations differ from `sig`, or `None` when they agree (or the
/// file does not parse, which the compiler reports better).
pub fn diagnose_signature(sig: &Signature, source: &str) -> Option<SignatureMismatch> {
    let file = syn::parse_file(source).ok()?;
    let mut findings = Vec::new();
    let function = file.items.iter().find_map(|item| match item {
        syn::Item::Fn(f) if f.sig.ident == sig.function => Some(f),
        _ => None,
    });
    match function {
        None => findings.push(format!(
            "there is no function `{}` at the top level of the file",
            sig.function
        )),
        Some(f) => {
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                findings.push(format!("`{}` must be `pub`", sig.function));
            }
            let params: Vec<String> = f
                .sig
                .inputs
                .iter()
                .map(|arg| match arg {
                    syn::FnArg::Typed(t) => t.ty.to_token_stream().to_string(),
                    syn::FnArg::Receiver(r) => r.to_token_stream().to_string(),
                })
                .collect();
            if params.len() != sig.params.len() {
                findings.push(format!(
                    "`{}` takes {} parameter{}, the problem declares {}",
                    sig.function,
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    sig.params.len()
                ));
            }
            for (i, (theirs, ours)) in params.iter().zip(&sig.params).enumerate() {
                if normalise(theirs) != normalise(&ours.ty.to_string()) {
                    findings.push(format!(
                        "parameter {} (`{}`) has type `{}`, the problem declares `{}`",
                        i + 1,
                        ours.name,
                        normalise(theirs),
                        ours.ty
                    ));
                }
            }
            let returns = match &f.sig.output {
                syn::ReturnType::Default => "()".to_string(),
                syn::ReturnType::Type(_, ty) => ty.to_token_stream().to_string(),
            };
            if normalise(&returns) != normalise(&sig.returns.to_string()) {
                findings.push(format!(
                    "it returns `{}`, the problem declares `{}`",
                    normalise(&returns),
                    sig.returns
                ));
            }
        }
    }
    for decl in &sig.structs {
        let found = file.items.iter().find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == decl.name => Some(s),
            _ => None,
        });
        let Some(found) = found else {
            findings.push(format!("there is no struct `{}`", decl.name));
            continue;
        };
        for field in &decl.fields {
            let theirs = found
                .fields
                .iter()
                .find(|f| f.ident.as_ref().is_some_and(|i| *i == field.name));
            match theirs {
                None => findings.push(format!("`{}` has no field `{}`", decl.name, field.name)),
                Some(f) if !matches!(f.vis, syn::Visibility::Public(_)) => findings.push(format!(
                    "field `{}.{}` must be `pub`",
                    decl.name, field.name
                )),
                Some(f)
                    if normalise(&f.ty.to_token_stream().to_string())
                        != normalise(&field.ty.to_string()) =>
                {
                    findings.push(format!(
                        "field `{}.{}` has type `{}`, the problem declares `{}`",
                        decl.name,
                        field.name,
                        normalise(&f.ty.to_token_stream().to_string()),
                        field.ty
                    ))
                }
                Some(_) => {}
            }
        }
    }
    (!findings.is_empty()).then(|| SignatureMismatch {
        findings,
        expected: format!("{}{}", sig.rust_structs(), sig.rust_declaration()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constraints() -> Constraints {
        Constraints {
            forbid: vec![Forbidden::For, Forbidden::While],
            require_calls: vec!["map".into(), "fold".into()],
            explanation: "Use iterator adaptors.".into(),
        }
    }

    #[test]
    fn loops_are_found_with_their_line() {
        let src = "pub fn f(xs: &[i64]) -> i64 {\n    let mut s = 0;\n    for x in xs { s += x; }\n    xs.iter().map(|x| x).fold(s, |a, b| a + b)\n}\n";
        let v = check_constraints(&constraints(), src);
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].message.starts_with("line 3: a `for` loop"));
    }

    #[test]
    fn missing_calls_are_reported() {
        let src = "pub fn f(xs: &[i64]) -> i64 { xs.iter().sum() }";
        let v = check_constraints(&constraints(), src);
        assert_eq!(v.len(), 2);
    }
}
