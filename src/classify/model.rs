//! The linear model: eight rows of hashed-feature weights (4-way main behaviour, open/closed, simple/complex),
//! its binary file format and its softmax scores. It does not extract features or train (see the example).

use super::features::{FEATURE_VERSION, FeatureConfig};

/// Rows of the weight matrix: main behaviour (question, reflection, therapist_input, other), then the question
/// head (open, closed), then the reflection head (simple, complex).
pub const ROWS: usize = 8;
/// First row of each head and its number of classes.
pub const HEADS: [(usize, usize); 3] = [(0, 4), (4, 2), (6, 2)];

const MAGIC: &[u8; 4] = b"ALCW";
const FORMAT: u32 = 1;
const HEADER: usize = 4 + 4 * 4 + 4 * ROWS;

/// A trained model: weights laid out bucket-major (the eight rows of one bucket are adjacent).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The features it was trained on.
    pub config: FeatureConfig,
    weights: Vec<f32>,
}

/// One head's class probabilities.
pub type Probs = Vec<f32>;

impl Model {
    /// A model from bucket-major weights (`2^bits * ROWS` of them).
    pub fn from_weights(config: FeatureConfig, weights: Vec<f32>) -> Result<Model, String> {
        let want = (1usize << config.bits) * ROWS;
        if weights.len() != want {
            return Err(format!("expected {want} weights, got {}", weights.len()));
        }
        Ok(Model { config, weights })
    }

    /// A model that knows nothing (all classes equally likely); used before one is trained.
    pub fn untrained(config: FeatureConfig) -> Model {
        Model {
            config,
            weights: vec![0.0; (1usize << config.bits) * ROWS],
        }
    }

    /// The weights, bucket-major (`bucket * ROWS + row`).
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// Raw scores of all eight rows for one feature vector.
    pub fn scores(&self, feats: &[(u32, f32)]) -> [f32; ROWS] {
        let mut s = [0f32; ROWS];
        for &(b, v) in feats {
            let base = b as usize * ROWS;
            if let Some(row) = self.weights.get(base..base + ROWS) {
                for (acc, w) in s.iter_mut().zip(row) {
                    *acc += w * v;
                }
            }
        }
        s
    }

    /// Softmax probabilities of head `h` (0 main, 1 open/closed, 2 simple/complex).
    pub fn probs(scores: &[f32; ROWS], h: usize) -> Probs {
        let (start, n) = HEADS[h];
        softmax(&scores[start..start + n])
    }

    /// The weights as a little-endian file: magic "ALCW", format, feature version, bits, flags, one f32 scale
    /// per row, then i16 weights (bucket-major), each `round(w / scale)`. Numbers only: no text is stored.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut scales = [0f32; ROWS];
        for (i, w) in self.weights.iter().enumerate() {
            scales[i % ROWS] = scales[i % ROWS].max(w.abs());
        }
        for s in &mut scales {
            *s = if *s > 0.0 {
                *s / f32::from(i16::MAX)
            } else {
                1.0
            };
        }
        let mut out = Vec::with_capacity(HEADER + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        let flags = u32::from(self.config.char_ngrams) | u32::from(self.config.context) << 1;
        for v in [FORMAT, FEATURE_VERSION, self.config.bits, flags] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for s in scales {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for (i, w) in self.weights.iter().enumerate() {
            let q = (w / scales[i % ROWS]).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Reads [`Model::to_bytes`] output, checking magic, format, feature version and length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        if bytes.len() < HEADER || &bytes[..4] != MAGIC {
            return Err("not a classifier weights file (bad magic)".into());
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let (format, version, bits, flags) = (u32_at(4), u32_at(8), u32_at(12), u32_at(16));
        if format != FORMAT {
            return Err(format!("weights file format {format}, expected {FORMAT}"));
        }
        if version != FEATURE_VERSION {
            return Err(format!(
                "weights trained on feature version {version}, this build extracts version {FEATURE_VERSION}: retrain"
            ));
        }
        if !(10..=20).contains(&bits) {
            return Err(format!("weights file has {bits} hash bits, expected 10-20"));
        }
        let config = FeatureConfig {
            bits,
            char_ngrams: flags & 1 != 0,
            context: flags & 2 != 0,
        };
        let scales: Vec<f32> = (0..ROWS)
            .map(|r| f32::from_bits(u32_at(20 + 4 * r)))
            .collect();
        let n = (1usize << bits) * ROWS;
        let body = &bytes[HEADER..];
        if body.len() != n * 2 {
            return Err(format!(
                "weights file body has {} bytes, expected {}",
                body.len(),
                n * 2
            ));
        }
        let weights = body
            .chunks_exact(2)
            .enumerate()
            .map(|(i, c)| f32::from(i16::from_le_bytes([c[0], c[1]])) * scales[i % ROWS])
            .collect();
        Ok(Model { config, weights })
    }
}

/// Numerically stable softmax.
pub fn softmax(z: &[f32]) -> Probs {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - max).exp()).collect();
    let sum: f32 = e.iter().sum();
    e.into_iter().map(|v| v / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_within_quantisation() {
        let cfg = FeatureConfig {
            bits: 10,
            ..FeatureConfig::default()
        };
        let w: Vec<f32> = (0..(1 << 10) * ROWS)
            .map(|i| ((i * 7919) % 200) as f32 / 50.0 - 2.0)
            .collect();
        let m = Model::from_weights(cfg, w.clone()).unwrap();
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.config, cfg);
        for (a, b) in w.iter().zip(&back.weights) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        assert!(Model::from_bytes(b"nope").is_err());
    }
}
