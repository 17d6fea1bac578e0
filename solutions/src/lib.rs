//! Reference solutions: one self-contained module per problem, named after its id, with exactly the
//! signature a learner implements. Each file compiles on its own, as a learner's file would, so the
//! judge can judge it like any submission (`pixelbank run bce-loss --solution solutions/src/bce_loss.rs`).

pub mod array_properties;
pub mod batch_norm_forward;
pub mod batch_norm_inference;
pub mod bce_loss;
pub mod bce_with_logits;
pub mod categorical_cross_entropy;
pub mod causal_lm_loss;
pub mod causal_mask;
pub mod cross_entropy_bits;
pub mod embedding_with_positions;
pub mod higher_order_functions;
pub mod layer_norm;
pub mod log_softmax;
pub mod lstm_cell;
pub mod masked_lm_loss;
pub mod mean_along_axis;
pub mod mse_l2_regularization;
pub mod normal_pdf;
pub mod perplexity;
pub mod reshape;
pub mod scaled_dot_product_attention;
pub mod sinusoidal_positional_encoding;
pub mod stable_sigmoid;
pub mod stable_softmax;
pub mod z_score;
