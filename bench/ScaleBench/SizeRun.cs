/// <summary>Everything measured at one catalog size; what is null was not reached (see <see cref="Problems"/>).</summary>
sealed class SizeRun(string size)
{
    /// <summary>The size name for data/ as it is, without synthetic records.</summary>
    public const string RealCatalog = "real";

    public string Size { get; } = size;
    public int? Schemes { get; set; }
    /// <summary>The analysis mode /health/ready reports after the first start.</summary>
    public string? Analysis { get; set; }
    public double? GenerateSeconds { get; set; }
    public StartMeasure? ColdStart { get; set; }
    public StartMeasure? Restart { get; set; }
    public HttpLatency.Result? Latency { get; set; }
    public List<(WrkResult Health, WrkResult Search)> Rounds { get; } = [];
    public (long Rss, long Hwm)? EndMemory { get; set; }
    public (IReadOnlyDictionary<GoldenQuery, List<double>> Samples, int Rounds)? InProcess { get; set; }
    public List<string> Problems { get; } = [];

    /// <summary>
    /// The server's CPU time per /health/live request over its CPU time per search request: the rate ratio the server
    /// would reach if it had the cores to itself, less sensitive to other work on a shared machine than the rates.
    /// </summary>
    public double? CpuRatio => Rounds.Count == 0 ? null
        : WrkResult.CpuMsPerRequest(Rounds.Select(r => r.Health).ToList()) / WrkResult.CpuMsPerRequest(Rounds.Select(r => r.Search).ToList());

    /// <summary>Search requests per second over /health/live requests per second, summed over the rounds.</summary>
    public double? ThroughputRatio => Rounds.Count == 0 ? null : Rounds.Sum(r => r.Search.Requests) / Rounds.Sum(r => r.Search.Seconds)
                                                               / (Rounds.Sum(r => r.Health.Requests) / Rounds.Sum(r => r.Health.Seconds));
}

/// <summary>
/// One start of the service: seconds from process start to /health/ready 200, the CPU seconds it used until then
/// (less sensitive than the wall time to other work on the machine), when the loader logged that it had read and checked
/// data/, written the database and built the index (null when it did not), memory then, the sizes of the database and
/// of the index beside it.
/// </summary>
sealed record StartMeasure(double? ReadySeconds, double? CpuSeconds, bool Imported, double? ReadLoggedAt, double? ImportLoggedAt, double? IndexLoggedAt,
    long Rss, long Hwm, long DatabaseBytes, long IndexBytes, string? Failure);
