//! Checks on the learner's source itself, read with `syn`: the problem's source rules (no `for`
//! loops; calls to `map`, `filter`, `fold`...) and, when a file does not compile against the
//! generated program, how its function or structs differ from the declared signature. Macro
//! bodies are token streams to `syn`; they are scanned token by token, so a loop hidden in a
//! `macro_rules!` is seen too.

use pixelbank_spec::{Constraints, Forbidden, Signature};
use pixelbank_verdict::{Rule, SignatureFinding, SignatureMismatch, Violation};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};

/// Checks `source` against `constraints`. A file that does not parse is left to the compiler.
pub fn check_constraints(constraints: &Constraints, source: &str) -> Vec<Violation> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut finder = Finder::default();
    finder.visit_file(&file);
    let mut violations = Vec::new();
    for forbidden in &constraints.forbid {
        let mut lines: Vec<usize> = finder.lines_of(*forbidden).collect();
        lines.sort_unstable();
        lines.dedup();
        for line in lines {
            violations.push(Violation {
                rule: Rule::Forbidden {
                    keyword: forbidden.keyword().to_string(),
                    line,
                },
                explanation: constraints.explanation.clone(),
            });
        }
    }
    for call in &constraints.require_calls {
        if !finder.calls.iter().any(|c| c == call) {
            violations.push(Violation {
                rule: Rule::MissingCall { name: call.clone() },
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

    /// Scans a macro's tokens: keywords of forbidden syntax, and `name(` / `.name(` calls.
    fn scan(&mut self, tokens: &TokenStream) {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(g) => self.scan(&g.stream()),
                TokenTree::Ident(ident) => {
                    let line = ident.span().start().line;
                    let forbidden = match ident.to_string().as_str() {
                        "for" => Some(Forbidden::For),
                        "while" => Some(Forbidden::While),
                        "loop" => Some(Forbidden::Loop),
                        "unsafe" => Some(Forbidden::Unsafe),
                        _ => None,
                    };
                    if let Some(f) = forbidden {
                        self.found.push((f, line));
                    }
                    let called = matches!(trees.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis);
                    if called {
                        self.calls.push(ident.to_string());
                    }
                }
                _ => {}
            }
        }
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
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if let Some(token) = &f.sig.unsafety {
            self.found
                .push((Forbidden::Unsafe, token.span.start().line));
        }
        visit::visit_item_fn(self, f);
    }
    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if let Some(token) = &i.unsafety {
            self.found
                .push((Forbidden::Unsafe, token.span.start().line));
        }
        visit::visit_item_impl(self, i);
    }
    fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
        self.calls.push(e.method.to_string());
        for arg in &e.args {
            self.function_value(arg);
        }
        visit::visit_expr_method_call(self, e);
    }
    fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
        // `Iterator::fold(it, ..)`, `fold(it, ..)`: a call by path.
        if let syn::Expr::Path(p) = e.func.as_ref()
            && let Some(last) = p.path.segments.last()
        {
            self.calls.push(last.ident.to_string());
        }
        // A function passed by qualified path is called by what it is passed to:
        // `.map(i64::abs)`. A plain name (a variable called `map`) is not a call.
        for arg in &e.args {
            self.function_value(arg);
        }
        visit::visit_expr_call(self, e);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.scan(&m.tokens);
        visit::visit_macro(self, m);
    }
}

impl Finder {
    fn function_value(&mut self, arg: &syn::Expr) {
        if let syn::Expr::Path(p) = arg
            && p.path.segments.len() > 1
            && let Some(last) = p.path.segments.last()
        {
            self.calls.push(last.ident.to_string());
        }
    }
}

/// Normalises Rust type text for comparison: no spaces, no `ndarray::` prefix.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("ndarray::", "")
}

/// How the learner's declarations differ from `sig`, or `None` when they agree (or the file does
/// not parse, which the compiler reports better).
pub fn diagnose_signature(sig: &Signature, source: &str) -> Option<SignatureMismatch> {
    let file = syn::parse_file(source).ok()?;
    let mut findings = Vec::new();
    let function = file.items.iter().find_map(|item| match item {
        syn::Item::Fn(f) if f.sig.ident == sig.function => Some(f),
        _ => None,
    });
    match function {
        None => findings.push(SignatureFinding::NoFunction {
            name: sig.function.clone(),
        }),
        Some(f) => {
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                findings.push(SignatureFinding::NotPublic {
                    name: sig.function.clone(),
                });
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
                findings.push(SignatureFinding::ParamCount {
                    name: sig.function.clone(),
                    found: params.len(),
                    declared: sig.params.len(),
                });
            }
            for (i, (theirs, ours)) in params.iter().zip(&sig.params).enumerate() {
                if normalise(theirs) != normalise(&ours.ty.to_string()) {
                    findings.push(SignatureFinding::ParamType {
                        position: i + 1,
                        name: ours.name.clone(),
                        found: normalise(theirs),
                        declared: ours.ty.to_string(),
                    });
                }
            }
            let returns = match &f.sig.output {
                syn::ReturnType::Default => "()".to_string(),
                syn::ReturnType::Type(_, ty) => ty.to_token_stream().to_string(),
            };
            if normalise(&returns) != normalise(&sig.returns.to_string()) {
                findings.push(SignatureFinding::ReturnType {
                    found: normalise(&returns),
                    declared: sig.returns.to_string(),
                });
            }
        }
    }
    for decl in &sig.structs {
        let found = file.items.iter().find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == decl.name => Some(s),
            _ => None,
        });
        let Some(found) = found else {
            findings.push(SignatureFinding::NoStruct {
                name: decl.name.clone(),
            });
            continue;
        };
        for field in &decl.fields {
            let theirs = found
                .fields
                .iter()
                .find(|f| f.ident.as_ref().is_some_and(|i| *i == field.name));
            let names = || (decl.name.clone(), field.name.clone());
            match theirs {
                None => {
                    let (strukt, field) = names();
                    findings.push(SignatureFinding::NoField { strukt, field })
                }
                Some(f) if !matches!(f.vis, syn::Visibility::Public(_)) => {
                    let (strukt, field) = names();
                    findings.push(SignatureFinding::FieldNotPublic { strukt, field })
                }
                Some(f)
                    if normalise(&f.ty.to_token_stream().to_string())
                        != normalise(&field.ty.to_string()) =>
                {
                    let (strukt, name) = names();
                    findings.push(SignatureFinding::FieldType {
                        strukt,
                        field: name,
                        found: normalise(&f.ty.to_token_stream().to_string()),
                        declared: field.ty.to_string(),
                    })
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

    fn rules(src: &str) -> Vec<Rule> {
        check_constraints(&constraints(), src)
            .into_iter()
            .map(|v| v.rule)
            .collect()
    }

    #[test]
    fn loops_are_found_with_their_line() {
        let src = "pub fn f(xs: &[i64]) -> i64 {\n    let mut s = 0;\n    for x in xs { s += x; }\n    xs.iter().map(|x| x).fold(s, |a, b| a + b)\n}\n";
        assert_eq!(
            rules(src),
            vec![Rule::Forbidden {
                keyword: "for".into(),
                line: 3
            }]
        );
    }

    #[test]
    fn missing_calls_are_reported() {
        let src = "pub fn f(xs: &[i64]) -> i64 { xs.iter().sum() }";
        assert_eq!(rules(src).len(), 2);
    }

    #[test]
    fn a_variable_named_like_a_required_call_is_not_a_call() {
        let src = "pub fn f(xs: &[i64]) -> i64 { let map = 1; let fold = map; xs.iter().sum::<i64>() + fold }";
        assert_eq!(
            rules(src),
            vec![
                Rule::MissingCall { name: "map".into() },
                Rule::MissingCall {
                    name: "fold".into()
                }
            ]
        );
        let qualified = "pub fn f(xs: &[i64]) -> i64 { Iterator::fold(xs.iter().map(|x| *x), 0, i64::wrapping_add) }";
        assert!(rules(qualified).is_empty(), "{:?}", rules(qualified));
    }

    #[test]
    fn a_loop_inside_a_macro_is_seen() {
        let src = "macro_rules! total {\n    ($xs:expr) => {{ let mut s = 0; for x in $xs { s += x; } s }};\n}\npub fn f(xs: &[i64]) -> i64 { xs.iter().map(|x| *x).fold(0, |a, b| a + b) + total!(xs) }\n";
        assert_eq!(
            rules(src),
            vec![Rule::Forbidden {
                keyword: "for".into(),
                line: 2
            }]
        );
    }
}
