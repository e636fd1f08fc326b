//! How the benchmarks that drive the server summarise their timings.

use std::time::Duration;

/// The `p`-th quantile (0 to 1) of `samples`, nearest rank; sorts them.
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

/// A duration in milliseconds, as the README's tables print it.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
