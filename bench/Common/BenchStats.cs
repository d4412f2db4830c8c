using System.Globalization;

static class BenchStats
{
    /// <summary>The nearest-rank percentile (p99 of 100 samples is the 99th smallest).</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, int percentile)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Milliseconds with two decimals, invariant culture.</summary>
    public static string Ms(double milliseconds) => milliseconds.ToString("F2", CultureInfo.InvariantCulture);
}
