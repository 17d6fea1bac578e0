//! Drawing inputs from a problem's generator, and shrinking them. An input is drawn in two steps:
//! a [`Draw`] (which variant, which generic instantiation, the size of every dimension, a seed for
//! the values), then its values, element by element, each from a generator seeded by the draw's
//! seed, its parameter and its position. So a smaller dimension keeps the values at the positions
//! that remain, and shrinking the sizes keeps what the input was about. Everything is a pure
//! function of the run's seed: ChaCha8 is portable, so a seed replays the same inputs anywhere.
//!
//! Shrinking offers candidates in the order the issue of a counterexample wants them: smaller
//! dimensions first (relations stay valid: the values are drawn again at the new sizes), then
//! simpler values within each distribution (0, 1, small integers, fewer decimals).

use std::collections::BTreeMap;

use pixelbank_spec::generator::{
    Distribution, Drawn, Elem, Generator, Input, Layout, Source, Special,
};
use pixelbank_spec::{Bindings, NdArray, Problem, Scalar, Value};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// What decides one input, before its values are drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draw {
    /// The seed of the values.
    pub seed: u64,
    /// The variant, or `None` for the base.
    pub variant: Option<usize>,
    /// The generic instantiation (an index into the problem's).
    pub instantiation: usize,
    /// The size of every dimension.
    pub sizes: BTreeMap<String, usize>,
    /// The sizes a variant's mismatched parameters take instead: `(parameter, dimension)`.
    pub own: BTreeMap<(String, String), usize>,
    /// The number of axes of each `ArrayD` input with a `rank`.
    pub ranks: BTreeMap<String, usize>,
}

/// A generator ready to draw for its problem.
pub(crate) struct Drawing<'a> {
    problem: &'a Problem,
    generator: &'a Generator,
    instantiations: Vec<Bindings>,
    layouts: Vec<Layout>,
}

/// SplitMix64's finaliser: a well-mixed 64-bit hash of a 64-bit value.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A generator seeded by `parts`, the same for the same parts on every machine.
fn rng(parts: &[u64]) -> ChaCha8Rng {
    let seed = parts
        .iter()
        .fold(0x7069_7865_6c62_616e_u64, |h, &p| splitmix(h ^ splitmix(p)));
    ChaCha8Rng::seed_from_u64(seed)
}

/// A name as a number, for seeding.
fn tag(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An integer in `[lo, hi]` (`lo` when the range is empty).
fn int_in(r: &mut ChaCha8Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        r.random_range(lo..=hi)
    }
}

/// A standard normal number (Box-Muller).
fn standard_normal(r: &mut ChaCha8Rng) -> f64 {
    let u: f64 = 1.0 - r.random::<f64>();
    let v: f64 = r.random::<f64>();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

impl<'a> Drawing<'a> {
    /// The generator of `problem`, if it has one; `instantiations` are the generic bindings its
    /// programs are built for.
    pub fn new(problem: &'a Problem, instantiations: Vec<Bindings>) -> Option<Drawing<'a>> {
        let generator = problem.generator.as_ref()?;
        let layouts = problem
            .signature
            .params
            .iter()
            .map(|p| Layout::of(&p.ty))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        Some(Drawing {
            problem,
            generator,
            instantiations,
            layouts,
        })
    }

    /// The generator.
    pub fn generator(&self) -> &Generator {
        self.generator
    }

    /// The problem it draws for.
    pub fn problem(&self) -> &'a Problem {
        self.problem
    }

    /// The inputs of the base or of a variant.
    fn scheme(&self, variant: Option<usize>) -> &[Input] {
        match variant {
            Some(i) => &self.generator.variants[i].inputs,
            None => &self.generator.inputs,
        }
    }

    fn dims(&self, variant: Option<usize>) -> &[pixelbank_spec::generator::Dim] {
        match variant {
            Some(i) => &self.generator.variants[i].dims,
            None => &self.generator.dims,
        }
    }

    /// The bindings of an instantiation.
    pub fn bindings(&self, instantiation: usize) -> Bindings {
        self.instantiations
            .get(instantiation)
            .cloned()
            .unwrap_or_default()
    }

    /// The `index`-th input of the run seeded `seed`.
    pub fn draw(&self, seed: u64, index: usize) -> Draw {
        let mut r = rng(&[seed, index as u64]);
        let u: f64 = r.random();
        let mut acc = 0.0;
        let mut variant = None;
        for (i, v) in self.generator.variants.iter().enumerate() {
            acc += v.p;
            if u < acc {
                variant = Some(i);
                break;
            }
        }
        let sizes: BTreeMap<String, usize> = self
            .dims(variant)
            .iter()
            .map(|d| {
                let n = int_in(&mut r, *d.range.start() as i64, *d.range.end() as i64);
                (d.name.clone(), usize::try_from(n).unwrap_or(0))
            })
            .collect();
        let mut own = BTreeMap::new();
        if let Some(v) = variant {
            for (param, dim) in &self.generator.variants[v].mismatch {
                let shared = sizes.get(dim).copied().unwrap_or(0);
                let range = self
                    .dims(variant)
                    .iter()
                    .find(|d| &d.name == dim)
                    .map_or(0..=0, |d| d.range.clone());
                let others: Vec<usize> = range.filter(|&n| n != shared).collect();
                let n = if others.is_empty() {
                    shared + 1
                } else {
                    others[int_in(&mut r, 0, others.len() as i64 - 1) as usize]
                };
                own.insert((param.clone(), dim.clone()), n);
            }
        }
        let instantiation = int_in(&mut r, 0, self.instantiations.len() as i64 - 1) as usize;
        let mut ranks = BTreeMap::new();
        for input in self.scheme(variant) {
            if let Source::Drawn(Drawn {
                rank: Some(range), ..
            }) = &input.source
            {
                let n = int_in(&mut r, *range.start() as i64, *range.end() as i64);
                ranks.insert(input.param.clone(), n as usize);
            }
        }
        Draw {
            seed: r.random(),
            variant,
            instantiation,
            sizes,
            own,
            ranks,
        }
    }

    /// The bench's input: the base at the bench's sizes.
    pub fn bench_draw(&self) -> Option<Draw> {
        let sizes = self.generator.bench.clone()?;
        let mut draw = self.draw(0xbe9c4, 0);
        draw.variant = None;
        draw.own.clear();
        draw.sizes = sizes;
        draw.ranks = self
            .generator
            .inputs
            .iter()
            .filter_map(|i| match &i.source {
                Source::Drawn(Drawn {
                    rank: Some(r),
                    shape,
                    ..
                }) => Some((i.param.clone(), (*r.end()).min(shape.len()))),
                _ => None,
            })
            .collect();
        draw.instantiation = 0;
        Some(draw)
    }

    /// Whether the reference must reject a draw's inputs (`Some(true)`), must accept them
    /// (`Some(false)`: the base always), or may do either (`None`).
    pub fn rejects(&self, draw: &Draw) -> Option<bool> {
        match draw.variant {
            Some(i) => self.generator.variants[i].rejects,
            None => Some(false),
        }
    }

    /// The variant a draw comes from (its `why`), or `None` for the base.
    pub fn variant_why(&self, draw: &Draw) -> Option<String> {
        draw.variant.map(|v| self.generator.variants[v].why.clone())
    }

    /// Where the base or the draw's variant is written: `problems/bce-loss.toml:57:1`.
    pub fn location(&self, draw: &Draw) -> String {
        match draw.variant {
            Some(i) => self.generator.variants[i].at.to_string(),
            None => self.generator.at.to_string(),
        }
    }

    /// The sizes of the dimensions a draw's inputs use, for a report: `N = 2, D = 3`.
    pub fn sizes_of(&self, draw: &Draw) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = self
            .dims(draw.variant)
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    draw.sizes.get(&d.name).copied().unwrap_or(0),
                )
            })
            .collect();
        for ((param, dim), n) in &draw.own {
            out.push((format!("{dim} of {param}"), *n));
        }
        out
    }

    /// The shape of `input` in `draw`.
    fn shape(&self, draw: &Draw, input: &Input, d: &Drawn) -> Vec<usize> {
        let mut sizes = draw.sizes.clone();
        for ((param, dim), n) in &draw.own {
            if param == &input.param {
                sizes.insert(dim.clone(), *n);
            }
        }
        let rank = draw
            .ranks
            .get(&input.param)
            .copied()
            .unwrap_or(d.shape.len());
        d.shape
            .iter()
            .take(rank)
            .map(|e| usize::try_from(e.eval(&sizes).max(0)).unwrap_or(0))
            .collect()
    }

    /// The values of a draw, one per parameter.
    pub fn values(&self, draw: &Draw) -> Vec<Value> {
        let scheme = self.scheme(draw.variant);
        let bindings = self.bindings(draw.instantiation);
        let params = &self.problem.signature.params;
        let mut values: Vec<Option<Value>> = vec![None; params.len()];
        // Inputs that count or follow another come after it.
        let depends = |input: &Input| match &input.source {
            Source::Drawn(d) => {
                matches!(d.values, Distribution::Factors { .. }) || d.unmasked.is_some()
            }
            Source::Dim(_) => false,
        };
        let order: Vec<usize> = (0..scheme.len())
            .filter(|&i| !depends(&scheme[i]))
            .chain((0..scheme.len()).filter(|&i| depends(&scheme[i])))
            .collect();
        for i in order {
            let input = &scheme[i];
            let Some(k) = params.iter().position(|p| p.name == input.param) else {
                continue;
            };
            let layout = &self.layouts[k];
            let value = match &input.source {
                Source::Dim(d) => Value::Int(draw.sizes.get(d).copied().unwrap_or(0) as i64),
                Source::Drawn(d) => {
                    let elem = match layout.elem() {
                        Elem::Scalar(s) => *s,
                        Elem::Generic(g) => bindings.get(g).copied().unwrap_or(Scalar::F64),
                    };
                    let by = |name: &str| {
                        scheme
                            .iter()
                            .zip(0..)
                            .find(|(inp, _)| inp.param == name)
                            .and_then(|(inp, _)| {
                                params
                                    .iter()
                                    .position(|p| p.name == inp.param)
                                    .and_then(|j| values[j].clone())
                            })
                    };
                    let (shape, data) = if let Distribution::Factors { of, count } = &d.values {
                        let n = by(of).map_or(0, |v| element_count(&v));
                        let factors =
                            factors(n, count, &mut rng(&[draw.seed, k as u64, tag("factors")]));
                        (
                            vec![factors.len()],
                            factors.into_iter().map(|f| Value::Int(f as i64)).collect(),
                        )
                    } else {
                        let shape = self.shape(draw, input, d);
                        let mask = d
                            .unmasked
                            .as_ref()
                            .and_then(|u| by(&u.by))
                            .map(|v| leaves(&v));
                        let data = self.elements(draw, k, d, elem, &shape, mask.as_deref());
                        (shape, data)
                    };
                    assemble(layout, shape, data)
                }
            };
            values[k] = Some(value);
        }
        values
            .into_iter()
            .map(|v| v.unwrap_or(Value::Int(0)))
            .collect()
    }

    /// The elements of parameter `k`, row-major.
    fn elements(
        &self,
        draw: &Draw,
        k: usize,
        d: &Drawn,
        elem: Scalar,
        shape: &[usize],
        mask: Option<&[Value]>,
    ) -> Vec<Value> {
        let count: usize = shape.iter().product();
        let mut sizes = draw.sizes.clone();
        for ((param, dim), n) in &draw.own {
            if param == &self.problem.signature.params[k].name {
                sizes.insert(dim.clone(), *n);
            }
        }
        // Per-input choices among alternatives, the same whatever the sizes.
        let mut choice = rng(&[draw.seed, k as u64, tag("choice")]);
        let pick = |r: &mut ChaCha8Rng, options: &[f64]| {
            options[int_in(r, 0, options.len() as i64 - 1) as usize]
        };
        let (mean, std) = match &d.values {
            Distribution::Normal { mean, std } => (pick(&mut choice, mean), pick(&mut choice, std)),
            Distribution::Distribution { std } => (0.0, pick(&mut choice, std)),
            _ => (0.0, 1.0),
        };
        let mut raw = Vec::with_capacity(count);
        let mut out = Vec::with_capacity(count);
        let mut picks: Vec<(Option<usize>, Option<usize>)> = Vec::with_capacity(count);
        let mut index = vec![0usize; shape.len()];
        for flat in 0..count {
            if flat > 0 {
                for axis in (0..shape.len()).rev() {
                    index[axis] += 1;
                    if index[axis] < shape[axis] {
                        break;
                    }
                    index[axis] = 0;
                }
            }
            let mut parts = vec![draw.seed, k as u64];
            parts.extend(index.iter().map(|&i| i as u64));
            let mut r = rng(&parts);
            // Whether this position holds a special value (or a placeholder the mask leaves
            // out) is decided by its multi-index too, so that it stays when a dimension shrinks.
            parts.push(tag("special"));
            let mut late = rng(&parts);
            let special_pick = (!d.special.is_empty() && late.random::<f64>() < d.special_p)
                .then(|| int_in(&mut late, 0, d.special.len() as i64 - 1) as usize);
            let unmasked_pick = match (&d.unmasked, mask) {
                (Some(u_spec), Some(mask))
                    if mask.get(flat) == Some(&Value::Bool(false))
                        && !u_spec.values.is_empty()
                        && late.random::<f64>() < u_spec.p =>
                {
                    Some(int_in(&mut late, 0, u_spec.values.len() as i64 - 1) as usize)
                }
                _ => None,
            };
            picks.push((special_pick, unmasked_pick));
            let u: f64 = r.random();
            raw.push(u);
            let value = match &d.values {
                Distribution::Uniform { lo, hi } if elem.is_integer() => Value::Int(int_in(
                    &mut r,
                    lo.value(&sizes) as i64,
                    hi.value(&sizes) as i64,
                )),
                Distribution::Uniform { lo, hi } => {
                    let (a, b) = (lo.value(&sizes), hi.value(&sizes));
                    Value::Float(a + r.random::<f64>() * (b - a))
                }
                Distribution::Normal { .. } => Value::Float(mean + std * standard_normal(&mut r)),
                Distribution::Probabilities => {
                    let mut p: f64 = r.random();
                    while p <= 0.0 {
                        p = r.random();
                    }
                    Value::Float(p)
                }
                Distribution::Labels => Value::Float(if r.random::<bool>() { 1.0 } else { 0.0 }),
                Distribution::SoftLabels => Value::Float(r.random::<f64>()),
                Distribution::OneHot | Distribution::Distribution { .. } => {
                    Value::Float(std * standard_normal(&mut r))
                }
                Distribution::Tokens { below } => {
                    Value::Int(int_in(&mut r, 0, below.eval(&sizes) - 1))
                }
                Distribution::Bool { p, .. } => Value::Bool(r.random::<f64>() < *p),
                Distribution::Any => match elem {
                    Scalar::Bool => Value::Bool(r.random::<bool>()),
                    s if s.is_integer() => Value::Int(int_in(&mut r, 0, 9)),
                    _ => Value::Float(standard_normal(&mut r)),
                },
                Distribution::Factors { .. } => Value::Int(0),
            };
            out.push(value);
        }
        // Rows: along the last axis.
        let width = shape.last().copied().unwrap_or(1).max(1);
        match &d.values {
            Distribution::OneHot => {
                for row in out.chunks_mut(width) {
                    let hot = argmax(row);
                    for (j, v) in row.iter_mut().enumerate() {
                        *v = Value::Float(if j == hot { 1.0 } else { 0.0 });
                    }
                }
            }
            Distribution::Distribution { .. } => {
                for row in out.chunks_mut(width) {
                    let logits: Vec<f64> = row.iter().map(float).collect();
                    let m = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let e: Vec<f64> = logits.iter().map(|z| (z - m).exp()).collect();
                    let total: f64 = e.iter().sum();
                    for (v, x) in row.iter_mut().zip(e) {
                        *v = Value::Float(x / total);
                    }
                }
            }
            Distribution::Bool {
                at_least_one: true, ..
            } if !out.is_empty() && !out.contains(&Value::Bool(true)) => {
                let best = raw
                    .iter()
                    .enumerate()
                    .fold(0, |b, (i, u)| if *u > raw[b] { i } else { b });
                out[best] = Value::Bool(true);
            }
            _ => {}
        }
        // Special values, then what the mask leaves out.
        for (v, (special_pick, unmasked_pick)) in out.iter_mut().zip(picks) {
            if let Some(which) = special_pick {
                *v = special(&d.special[which], &sizes);
            }
            if let (Some(which), Some(u_spec)) = (unmasked_pick, &d.unmasked) {
                *v = special(&u_spec.values[which], &sizes);
            }
        }
        out.into_iter().map(|v| fit(v, elem)).collect()
    }

    // ---- shrinking -------------------------------------------------------------------------

    /// Draws with smaller sizes than `draw`, smallest first, each dimension in turn.
    pub fn smaller(&self, draw: &Draw) -> Vec<Draw> {
        let mut out = Vec::new();
        let mut push = |candidate: Draw| {
            if candidate != *draw && !out.contains(&candidate) {
                out.push(candidate);
            }
        };
        for d in self.dims(draw.variant) {
            let Some(&now) = draw.sizes.get(&d.name) else {
                continue;
            };
            let lo = *d.range.start();
            for n in toward(lo, now) {
                let mut c = draw.clone();
                c.sizes.insert(d.name.clone(), n);
                // A mismatched size must stay different from the shared one.
                if c.own
                    .iter()
                    .any(|((_, dim), own)| dim == &d.name && *own == n)
                {
                    continue;
                }
                push(c);
            }
        }
        for ((param, dim), &now) in &draw.own {
            let lo = self
                .dims(draw.variant)
                .iter()
                .find(|d| &d.name == dim)
                .map_or(0, |d| *d.range.start());
            let shared = draw.sizes.get(dim).copied().unwrap_or(0);
            for n in toward(lo, now) {
                if n == shared {
                    continue;
                }
                let mut c = draw.clone();
                c.own.insert((param.clone(), dim.clone()), n);
                push(c);
            }
        }
        for input in self.scheme(draw.variant) {
            if let (Some(&now), Source::Drawn(Drawn { rank: Some(r), .. })) =
                (draw.ranks.get(&input.param), &input.source)
            {
                for n in toward(*r.start(), now) {
                    let mut c = draw.clone();
                    c.ranks.insert(input.param.clone(), n);
                    push(c);
                }
            }
        }
        out
    }

    /// Inputs like `inputs` with one position fewer along a dimension, any position (a smaller
    /// draw only drops the last ones): every axis of that dimension loses the same index, and an
    /// integer parameter holding its size counts one less, so that the inputs still fit
    /// together. A dimension is left alone where that could break a relation: an axis of a
    /// compound length (`4*H`), the rows of a row distribution, a shape made to fit another
    /// input's element count, a mask that must keep a `true`.
    pub fn without(&self, draw: &Draw, inputs: &[Value]) -> Vec<(Draw, Vec<Value>)> {
        /// How many positions of one dimension are tried.
        const POSITIONS: usize = 16;
        let scheme = self.scheme(draw.variant);
        let params = &self.problem.signature.params;
        if scheme
            .iter()
            .any(|i| matches!(&i.source, Source::Drawn(d) if matches!(d.values, Distribution::Factors { .. })))
        {
            return Vec::new();
        }
        let mut out = Vec::new();
        for dim in self.dims(draw.variant) {
            let Some(&now) = draw.sizes.get(&dim.name) else {
                continue;
            };
            if now <= *dim.range.start() {
                continue;
            }
            // Per parameter: the axes to cut, or `None` when the dimension cannot be cut.
            let mut cuts: Vec<(usize, Vec<usize>)> = Vec::new();
            let mut sizes_param = Vec::new();
            let mut possible = true;
            for (k, param) in params.iter().enumerate() {
                let Some(input) = scheme.iter().find(|i| i.param == param.name) else {
                    continue;
                };
                match &input.source {
                    Source::Dim(d) if *d == dim.name => sizes_param.push(k),
                    Source::Dim(_) => {}
                    Source::Drawn(d) => {
                        if draw
                            .own
                            .contains_key(&(param.name.clone(), dim.name.clone()))
                        {
                            continue;
                        }
                        let rank = draw
                            .ranks
                            .get(&param.name)
                            .copied()
                            .unwrap_or(d.shape.len());
                        let mut axes = Vec::new();
                        for (axis, e) in d.shape.iter().take(rank).enumerate() {
                            let mentions = e.dims().any(|x| x == dim.name);
                            let exactly = e.terms == [(1, Some(dim.name.clone()))];
                            if mentions && !exactly {
                                possible = false;
                            }
                            if exactly {
                                if d.values.by_rows() && axis + 1 == rank {
                                    possible = false;
                                }
                                axes.push(axis);
                            }
                        }
                        if !axes.is_empty() {
                            cuts.push((k, axes));
                        }
                    }
                }
            }
            if !possible || cuts.is_empty() {
                continue;
            }
            for position in 0..now.min(POSITIONS) {
                let mut values = inputs.to_vec();
                for (k, axes) in &cuts {
                    for &axis in axes {
                        values[*k] = cut(&values[*k], axis, position);
                    }
                }
                for &k in &sizes_param {
                    values[k] = Value::Int(now as i64 - 1);
                }
                let keeps_a_true = cuts.iter().all(|(k, _)| {
                    let must = scheme.iter().any(|i| {
                        i.param == params[*k].name
                            && matches!(&i.source, Source::Drawn(d) if matches!(d.values, Distribution::Bool { at_least_one: true, .. }))
                    });
                    let elems = leaves(&values[*k]);
                    !must || elems.is_empty() || elems.contains(&Value::Bool(true))
                });
                if !keeps_a_true {
                    continue;
                }
                let mut smaller = draw.clone();
                smaller.sizes.insert(dim.name.clone(), now - 1);
                out.push((smaller, values));
            }
        }
        out
    }

    /// Inputs like `inputs` with one element (or one row) simpler, in the order of the
    /// parameters and their elements.
    pub fn simpler(&self, draw: &Draw, inputs: &[Value]) -> Vec<Vec<Value>> {
        let scheme = self.scheme(draw.variant);
        let params = &self.problem.signature.params;
        let mut out = Vec::new();
        for (k, value) in inputs.iter().enumerate() {
            let Some(input) = scheme.iter().find(|i| i.param == params[k].name) else {
                continue;
            };
            let Source::Drawn(d) = &input.source else {
                continue;
            };
            let mut sizes = draw.sizes.clone();
            for ((param, dim), n) in &draw.own {
                if param == &input.param {
                    sizes.insert(dim.clone(), *n);
                }
            }
            let elems = leaves(value);
            if let Distribution::Factors { count, .. } = &d.values {
                // Fewer lengths: the last two merged.
                if elems.len() >= 2 && elems.len() > *count.start() {
                    let mut merged: Vec<i64> = elems.iter().map(int).collect();
                    let last = merged.pop().unwrap_or(1);
                    if let Some(prev) = merged.last_mut() {
                        *prev = prev.saturating_mul(last);
                    }
                    let mut c = inputs.to_vec();
                    c[k] = with_leaves(value, merged.into_iter().map(Value::Int).collect());
                    out.push(c);
                }
                continue;
            }
            if d.values.by_rows() {
                let width = match value {
                    Value::Array(a) => a.shape.last().copied().unwrap_or(1),
                    _ => row_width(value),
                }
                .max(1);
                for (row_index, row) in elems.chunks(width).enumerate() {
                    let now: u32 = row.iter().map(|v| complexity(float(v))).sum();
                    for simpler in simpler_rows(&d.values, row) {
                        let then: u32 = simpler.iter().map(|v| complexity(float(v))).sum();
                        let moves_hot = matches!(d.values, Distribution::OneHot);
                        if then >= now && !moves_hot {
                            continue;
                        }
                        let mut all = elems.clone();
                        all.splice(row_index * width..row_index * width + row.len(), simpler);
                        let mut c = inputs.to_vec();
                        c[k] = with_leaves(value, all);
                        out.push(c);
                    }
                }
                continue;
            }
            let at_least_one = matches!(
                d.values,
                Distribution::Bool {
                    at_least_one: true,
                    ..
                }
            );
            let trues = elems.iter().filter(|v| **v == Value::Bool(true)).count();
            for (i, e) in elems.iter().enumerate() {
                for s in simpler_values(&d.values, e, &sizes) {
                    if at_least_one && *e == Value::Bool(true) && trues <= 1 {
                        continue;
                    }
                    let mut all = elems.clone();
                    all[i] = s;
                    let mut c = inputs.to_vec();
                    c[k] = with_leaves(value, all);
                    out.push(c);
                }
            }
        }
        out
    }
}

/// Sizes from `lo` toward `now`, smallest first: `lo`, halfway, one less.
fn toward(lo: usize, now: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for n in [lo, lo + (now.saturating_sub(lo)) / 2, now.saturating_sub(1)] {
        if n < now && n >= lo && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Simpler values than `e` that the distribution could have drawn.
fn simpler_values(dist: &Distribution, e: &Value, sizes: &BTreeMap<String, usize>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    match e {
        Value::Float(x) => {
            let x = *x;
            let (lo, hi, open) = match dist {
                Distribution::Uniform { lo, hi } => (lo.value(sizes), hi.value(sizes), false),
                Distribution::Probabilities => (0.0, 1.0, true),
                Distribution::Labels => (0.0, 0.0, false),
                Distribution::SoftLabels => (0.0, 1.0, false),
                _ => (f64::NEG_INFINITY, f64::INFINITY, false),
            };
            let admits = |y: f64| {
                if open {
                    y > lo && y < hi
                } else {
                    y >= lo && y <= hi
                }
            };
            let round = |y: f64, digits: i32| {
                let scale = 10f64.powi(digits);
                (y * scale).round() / scale
            };
            let mut candidates = vec![0.0, 1.0, -1.0, 0.5];
            if x.is_finite() {
                candidates.extend([x.round(), round(x, 1), round(x, 2), x.trunc()]);
            }
            if matches!(dist, Distribution::Uniform { .. }) {
                candidates.push(lo);
            }
            for y in candidates {
                let simpler = y != x && !(x.is_nan() && y.is_nan()) && admits(y);
                let y_value = Value::Float(y);
                if simpler && !out.contains(&y_value) && complexity(y) < complexity(x) {
                    out.push(y_value);
                }
            }
        }
        Value::Int(n) => {
            let n = *n;
            let (lo, hi) = match dist {
                Distribution::Uniform { lo, hi } => {
                    (lo.value(sizes) as i64, hi.value(sizes) as i64)
                }
                Distribution::Tokens { below } => (0, below.eval(sizes) - 1),
                _ => (i64::MIN, i64::MAX),
            };
            let inside = n >= lo && n <= hi;
            for m in [0, lo, n / 2, n - n.signum()] {
                // Smaller in magnitude, or back inside the distribution for a value it cannot
                // make itself (a placeholder where a mask leaves a position out).
                let simpler = if inside {
                    m.unsigned_abs() < n.unsigned_abs()
                } else {
                    true
                };
                let v = Value::Int(m);
                if m != n && m >= lo && m <= hi && simpler && !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        Value::Bool(true) => out.push(Value::Bool(false)),
        _ => {}
    }
    out
}

/// How complicated a float looks: special values first, then digits.
fn complexity(x: f64) -> u32 {
    if !x.is_finite() {
        return 1000;
    }
    if x == 0.0 {
        return 0;
    }
    let magnitude = if x.abs() >= 1.0 {
        x.abs().log10() as u32
    } else {
        (-x.abs().log10()) as u32 + 1
    };
    let mut decimals = 0;
    let mut y = x.abs();
    while y.fract() != 0.0 && decimals < 20 {
        y *= 10.0;
        decimals += 1;
    }
    1 + magnitude + 2 * decimals + u32::from(x < 0.0)
}

/// Simpler rows for a row distribution.
fn simpler_rows(dist: &Distribution, row: &[Value]) -> Vec<Vec<Value>> {
    let xs: Vec<f64> = row.iter().map(float).collect();
    let mut out = Vec::new();
    match dist {
        Distribution::OneHot if xs.first() != Some(&1.0) && !xs.is_empty() => {
            let mut r = vec![Value::Float(0.0); xs.len()];
            r[0] = Value::Float(1.0);
            out.push(r);
        }
        Distribution::Distribution { .. } => {
            let n = xs.len() as f64;
            let uniform: Vec<Value> = xs.iter().map(|_| Value::Float(1.0 / n)).collect();
            if uniform.iter().map(float).ne(xs.iter().copied()) && !xs.is_empty() {
                out.push(uniform);
            }
            if xs.len() >= 2 {
                let mut rounded: Vec<f64> = xs.iter().map(|x| (x * 10.0).round() / 10.0).collect();
                let rest: f64 = rounded[..rounded.len() - 1].iter().sum();
                let last = ((1.0 - rest) * 10.0).round() / 10.0;
                if last >= 0.0
                    && let Some(l) = rounded.last_mut()
                {
                    *l = last;
                    if rounded != xs && rounded.iter().sum::<f64>() == 1.0 {
                        out.push(rounded.into_iter().map(Value::Float).collect());
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn float(v: &Value) -> f64 {
    match v {
        Value::Float(x) => *x,
        Value::Int(n) => *n as f64,
        _ => 0.0,
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        _ => 0,
    }
}

fn argmax(row: &[Value]) -> usize {
    let mut best = 0;
    for (i, v) in row.iter().enumerate() {
        if float(v) > float(&row[best]) {
            best = i;
        }
    }
    best
}

/// The value of a special, as the element type holds it.
fn special(s: &Special, sizes: &BTreeMap<String, usize>) -> Value {
    match s {
        Special::Float(x) => Value::Float(*x),
        Special::Int(e) => Value::Int(e.eval(sizes)),
    }
}

/// `v` as a value of the element type `elem` can hold (an `f32` rounded, an integer clamped).
fn fit(v: Value, elem: Scalar) -> Value {
    match (v, elem) {
        (Value::Float(x), Scalar::F32) => Value::Float(f64::from(x as f32)),
        (Value::Float(x), s) if s.is_integer() => fit(Value::Int(x as i64), s),
        (Value::Int(n), s) if s.is_float() => Value::Float(n as f64),
        (Value::Int(n), s) if s.is_integer() => {
            let (lo, hi) = s.integer_range().unwrap_or((0, 0));
            Value::Int(i128::from(n).clamp(lo, hi) as i64)
        }
        (v, _) => v,
    }
}

/// A shape of `count` lengths (a count drawn from `count`) holding exactly `n` elements.
fn factors(n: usize, count: &std::ops::RangeInclusive<usize>, r: &mut ChaCha8Rng) -> Vec<usize> {
    let mut k = int_in(r, *count.start() as i64, *count.end() as i64) as usize;
    if n == 0 {
        let k = k.max(1);
        let zero = int_in(r, 0, k as i64 - 1) as usize;
        return (0..k)
            .map(|i| {
                if i == zero {
                    0
                } else {
                    int_in(r, 0, 3) as usize
                }
            })
            .collect();
    }
    if n > 1 {
        k = k.max(1);
    }
    let mut out = vec![1usize; k];
    let mut rest = n;
    let mut p = 2;
    while rest > 1 && k > 0 {
        if p * p > rest {
            p = rest;
        }
        while rest.is_multiple_of(p) {
            let slot = int_in(r, 0, k as i64 - 1) as usize;
            out[slot] *= p;
            rest /= p;
        }
        p += 1;
    }
    out
}

/// `v` without position `at` of axis `axis`.
fn cut(v: &Value, axis: usize, at: usize) -> Value {
    match v {
        Value::Array(a) if axis < a.shape.len() && at < a.shape[axis] => {
            let data = a
                .data
                .iter()
                .enumerate()
                .filter(|(flat, _)| a.index_of(*flat)[axis] != at)
                .map(|(_, e)| e.clone())
                .collect();
            let mut shape = a.shape.clone();
            shape[axis] -= 1;
            Value::Array(NdArray { shape, data })
        }
        Value::List(items) if axis == 0 => Value::List(
            items
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, e)| e.clone())
                .collect(),
        ),
        Value::List(items) => Value::List(items.iter().map(|i| cut(i, axis - 1, at)).collect()),
        other => other.clone(),
    }
}

/// How many elements a value holds.
fn element_count(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.shape.iter().product(),
        Value::List(items) => items.iter().map(element_count).sum(),
        _ => 1,
    }
}

/// The scalars of a value, row-major.
fn leaves(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.data.clone(),
        Value::List(items) => items.iter().flat_map(leaves).collect(),
        other => vec![other.clone()],
    }
}

/// The length of the innermost lists of a nested list.
fn row_width(v: &Value) -> usize {
    match v {
        Value::List(items) => match items.first() {
            Some(Value::List(_)) => items.first().map_or(1, row_width),
            _ => items.len(),
        },
        _ => 1,
    }
}

/// `v` with its scalars replaced by `data`, row-major.
fn with_leaves(v: &Value, data: Vec<Value>) -> Value {
    let mut it = data.into_iter();
    fn go(v: &Value, it: &mut std::vec::IntoIter<Value>) -> Value {
        match v {
            Value::Array(a) => Value::Array(NdArray {
                shape: a.shape.clone(),
                data: a
                    .data
                    .iter()
                    .map(|_| it.next().unwrap_or(Value::Int(0)))
                    .collect(),
            }),
            Value::List(items) => Value::List(items.iter().map(|i| go(i, it)).collect()),
            other => it.next().unwrap_or_else(|| other.clone()),
        }
    }
    go(v, &mut it)
}

/// The value of a parameter from its shape and elements.
fn assemble(layout: &Layout, shape: Vec<usize>, data: Vec<Value>) -> Value {
    match layout {
        Layout::Array { .. } => Value::Array(NdArray { shape, data }),
        Layout::Lists { depth, .. } => {
            if *depth == 0 {
                return data.into_iter().next().unwrap_or(Value::Int(0));
            }
            fn nest(shape: &[usize], data: &mut std::vec::IntoIter<Value>) -> Value {
                match shape {
                    [] => data.next().unwrap_or(Value::Int(0)),
                    [n, rest @ ..] => Value::List((0..*n).map(|_| nest(rest, data)).collect()),
                }
            }
            nest(&shape, &mut data.into_iter())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem over an `N × D` matrix whose elements are often special.
    fn matrix_problem() -> Problem {
        let text = r#"
id = "row-sums"
title = "Row sums"
difficulty = "easy"
collection = "NumPy Foundations"
statement = "Sum each row."
hints = ["One", "Two", "Three"]

[signature]
function = "row_sums"
params = [{ name = "x", type = "&Array2<f64>" }]
returns = "Vec<f64>"

[generator]
dims = { N = "1..=6", D = "1..=6" }
[generator.inputs]
x = { shape = ["N", "D"], values = "normal", special = [100.0, -100.0], special_p = 0.3 }

[[cases]]
name = "one row"
inputs = { x = [[1.0, 2.0]] }
expected = [3.0]
"#;
        Problem::parse(&pixelbank_spec::SourceFile {
            name: "row-sums.toml".into(),
            text: text.into(),
        })
        .unwrap_or_else(|e| panic!("{}", e[0]))
    }

    fn element(v: &Value, i: usize, j: usize) -> Value {
        let Value::Array(a) = v else {
            panic!("an array: {v:?}")
        };
        a.data[i * a.shape[1] + j].clone()
    }

    #[test]
    fn a_smaller_dimension_keeps_the_values_and_specials_at_the_positions_that_remain() {
        let problem = matrix_problem();
        let drawing = Drawing::new(&problem, vec![Bindings::new()]).expect("a generator");
        let mut checked = 0;
        for index in 0..40 {
            let draw = drawing.draw(7, index);
            let (n, d) = (draw.sizes["N"], draw.sizes["D"]);
            if n < 2 || d < 2 {
                continue;
            }
            let full = drawing.values(&draw).remove(0);
            let mut smaller = draw.clone();
            smaller.sizes.insert("D".into(), d - 1);
            smaller.sizes.insert("N".into(), n - 1);
            let part = drawing.values(&smaller).remove(0);
            for i in 0..n - 1 {
                for j in 0..d - 1 {
                    assert_eq!(
                        element(&full, i, j),
                        element(&part, i, j),
                        "({i}, {j}) of {n} × {d}"
                    );
                }
            }
            checked += 1;
        }
        assert!(checked > 10, "the draws had room to shrink");
    }

    #[test]
    fn a_position_of_a_dimension_goes_from_every_input_that_has_it() {
        let text = r#"
id = "matvec"
title = "Matrix times vector"
difficulty = "easy"
collection = "NumPy Foundations"
statement = "x times w, for the first n rows."
hints = ["One", "Two", "Three"]

[signature]
function = "matvec"
params = [
    { name = "x", type = "&Array2<f64>" },
    { name = "w", type = "&[f64]" },
    { name = "n", type = "usize" },
]
returns = "Vec<f64>"

[generator]
dims = { N = "1..=4", D = "2..=4" }
[generator.inputs]
x = { shape = ["N", "D"], values = "normal" }
w = { shape = ["D"], values = "normal" }
n = { dim = "N" }

[[cases]]
name = "one row"
inputs = { x = [[1.0, 2.0]], w = [1.0, 1.0], n = 1 }
expected = [3.0]
"#;
        let problem = Problem::parse(&pixelbank_spec::SourceFile {
            name: "matvec.toml".into(),
            text: text.into(),
        })
        .unwrap_or_else(|e| panic!("{}", e[0]));
        let drawing = Drawing::new(&problem, vec![Bindings::new()]).expect("a generator");
        let draw = (0..50)
            .map(|i| drawing.draw(3, i))
            .find(|d| d.sizes["N"] == 3 && d.sizes["D"] == 3)
            .expect("a draw of 3 × 3");
        let inputs = drawing.values(&draw);
        let cuts = drawing.without(&draw, &inputs);
        // Three columns can go (D from 3 to 2, its smallest), then three rows (N from 3 to 2):
        // the dimensions in the order of their names.
        assert_eq!(cuts.len(), 6);
        let (smaller, values) = &cuts[1];
        assert_eq!((smaller.sizes["N"], smaller.sizes["D"]), (3, 2));
        assert_eq!(element(&values[0], 2, 0), element(&inputs[0], 2, 0));
        assert_eq!(
            element(&values[0], 2, 1),
            element(&inputs[0], 2, 2),
            "column 1 went"
        );
        let Value::List(w) = &values[1] else {
            panic!("a list")
        };
        let Value::List(w_before) = &inputs[1] else {
            panic!("a list")
        };
        assert_eq!(w, &vec![w_before[0].clone(), w_before[2].clone()]);
        let (_, rows) = &cuts[3];
        assert_eq!(rows[2], Value::Int(2), "n follows N");
        assert_eq!(
            element(&rows[0], 0, 0),
            element(&inputs[0], 1, 0),
            "row 0 went"
        );
    }

    #[test]
    fn a_seed_draws_the_same_inputs_every_time_and_another_seed_others() {
        let problem = matrix_problem();
        let drawing = Drawing::new(&problem, vec![Bindings::new()]).expect("a generator");
        let run = |seed| -> Vec<Vec<Value>> {
            (0..20)
                .map(|i| drawing.values(&drawing.draw(seed, i)))
                .collect()
        };
        assert_eq!(run(42), run(42));
        assert_ne!(run(42), run(43));
    }

    #[test]
    fn factors_multiply_to_the_count() {
        let mut r = rng(&[1]);
        for n in [0usize, 1, 2, 6, 12, 17, 64] {
            for _ in 0..20 {
                let f = factors(n, &(1..=3), &mut r);
                let product: usize = f.iter().product();
                assert_eq!(product, n, "{f:?}");
                assert!(!f.is_empty() && f.len() <= 3, "{f:?}");
            }
        }
        assert_eq!(factors(1, &(0..=0), &mut r), Vec::<usize>::new());
    }

    #[test]
    fn sizes_shrink_toward_the_smallest_first() {
        assert_eq!(toward(1, 8), vec![1, 4, 7]);
        assert_eq!(toward(0, 1), vec![0]);
        assert!(toward(2, 2).is_empty());
    }

    #[test]
    fn simpler_floats_stay_in_their_distribution() {
        let sizes = BTreeMap::new();
        let p = simpler_values(&Distribution::Probabilities, &Value::Float(0.8731), &sizes);
        assert!(p.contains(&Value::Float(0.5)), "{p:?}");
        assert!(
            p.iter()
                .all(|v| matches!(v, Value::Float(x) if *x > 0.0 && *x < 1.0)),
            "{p:?}"
        );
        let n = simpler_values(
            &Distribution::Normal {
                mean: vec![0.0],
                std: vec![1.0],
            },
            &Value::Float(-1.2345),
            &sizes,
        );
        assert_eq!(n.first(), Some(&Value::Float(0.0)));
        assert!(
            simpler_values(&Distribution::Probabilities, &Value::Float(0.5), &sizes).is_empty()
        );
    }
}
