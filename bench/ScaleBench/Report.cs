using System.Globalization;
using System.Text;
using static BenchStats;

/// <summary>The markdown report of a run, and its section in docs/benchmarks.md.</summary>
static class Report
{
    private const string Missing = "–";

    public static string Summary(SizeRun run)
    {
        var text = $"[{run.Size}] {run.Schemes?.ToString() ?? "?"} schemes: ready {Seconds(run.ColdStart?.ReadySeconds)} s from empty, {Seconds(run.Restart?.ReadySeconds)} s on restart; " +
                   $"HTTP p50 {Latency(run.Latency?.Samples, 50)} ms; search/live {Ratio(run.ThroughputRatio)}";
        return run.Problems.Count == 0 ? text : text + Environment.NewLine + string.Join(Environment.NewLine, run.Problems.Select(p => "  problem: " + p));
    }

    public static string Markdown(ScaleOptions options, MachineFacts machine, IReadOnlyList<SizeRun> runs, IReadOnlyList<GoldenQuery> queries, Wrk wrk, string[] args)
    {
        var md = new StringBuilder();
        var real = runs.FirstOrDefault(r => r.Size == SizeRun.RealCatalog);
        var realP50 = real?.Latency is { } realLatency ? Percentile(All(realLatency.Samples), 50) : (double?)null;

        md.AppendLine($"## {options.Label}");
        md.AppendLine();
        md.AppendLine($"Measured {machine.Date:yyyy-MM-dd HH:mm} UTC at commit {machine.Commit}, on {machine.Processors} cores ({machine.Cpu}), " +
                      $"{machine.MemoryBytes / (1024.0 * 1024 * 1024):F0} GiB RAM, {machine.Os}, {machine.Runtime}, {machine.WrkVersion}. " +
                      $"Load average {machine.LoadAverage} at the start and {MachineFacts.CurrentLoadAverage()} at the end: the machine is shared, so compare ratios " +
                      $"measured in one run rather than absolute rates across runs. Synthetic catalogs from seed {options.Seed}; " +
                      $"MeCab dictionary {options.MeCabDictionary ?? "the machine's default (/etc/mecabrc)"}.");
        md.AppendLine();

        md.AppendLine("**Load and memory** (the service as its own process; VmRSS/VmHWM from /proc/&lt;pid&gt;/status, MiB)");
        md.AppendLine();
        md.AppendLine("| schemes | generated in s | ready from an empty database s (CPU s) | of which: files read / database written / index built at s | VmRSS / VmHWM then | database / index MiB | ready on restart s (CPU s) | imported again / index rebuilt on restart | VmRSS / VmHWM then | VmRSS / VmHWM at the end | analysis |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|");
        foreach (var run in runs)
            md.AppendLine($"| {Name(run)} | {Seconds(run.GenerateSeconds)} | {Ready(run.ColdStart)} | {Seconds(run.ColdStart?.ReadLoggedAt)} / {Seconds(run.ColdStart?.ImportLoggedAt)} / {Seconds(run.ColdStart?.IndexLoggedAt)} | " +
                          $"{Memory(run.ColdStart)} | {Mib(run.ColdStart?.DatabaseBytes)} / {Mib(run.ColdStart?.IndexBytes)} | " +
                          $"{Ready(run.Restart)} | {Imported(run.Restart)} | {Memory(run.Restart)} | " +
                          $"{(run.EndMemory is { } end ? $"{end.Rss >> 20} / {end.Hwm >> 20}" : Missing)} | {run.Analysis ?? Missing} |");
        md.AppendLine();

        md.AppendLine($"**Speed.** Latency: the {queries.Count} golden queries over HTTP at one connection, each URL new (no output-cache hit), one warm-up round then " +
                      $"up to {options.LatencyRounds} rounds within {options.LatencyBudget.TotalSeconds:F0} s; in process: the same queries through SchemeSearch alone. " +
                      $"Throughput: `{wrk.Describe()}`, {options.WrkRounds} rounds of {options.WrkSeconds} s phases alternating /health/live and distinct search URLs on the same server. " +
                      $"Search responses from the output cache during all of this: {runs.Sum(r => (r.Latency?.CacheHits ?? 0) + r.Rounds.Sum(x => x.Search.CacheHits))} " +
                      "(each size first checks that a repeated URL comes back from the cache, with Age, and a new counter value does not; a failed check is listed below).");
        md.AppendLine();
        md.AppendLine("| schemes | HTTP p50 ms | HTTP p99 ms | p50 ÷ real catalog's | rounds | in-process p50 ms | in-process p99 ms | /health/live req/s | search req/s, uncached | search ÷ /health/live | server CPU ms per request, live / search | CPU ratio |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var p50 = run.Latency is { } latency ? Percentile(All(latency.Samples), 50) : (double?)null;
            md.AppendLine($"| {Name(run)} | {Latency(run.Latency?.Samples, 50)} | {Latency(run.Latency?.Samples, 99)} | " +
                          $"{(p50 is { } a && realP50 is { } b ? (a / b).ToString("F1", CultureInfo.InvariantCulture) : Missing)} | {run.Latency?.Rounds.ToString() ?? Missing} | " +
                          $"{Latency(run.InProcess?.Samples, 50)} | {Latency(run.InProcess?.Samples, 99)} | " +
                          $"{Rate(run.Rounds.Select(r => r.Health).ToList())} | {Rate(run.Rounds.Select(r => r.Search).ToList())} | **{Ratio(run.ThroughputRatio)}** | " +
                          $"{CpuPerRequest(run.Rounds.Select(r => r.Health).ToList())} / {CpuPerRequest(run.Rounds.Select(r => r.Search).ToList())} | {Ratio(run.CpuRatio)} |");
        }
        md.AppendLine();

        AppendTargets(md, runs, real, realP50);

        var problems = runs.SelectMany(r => r.Problems.Select(p => $"- {Name(r)}: {p}")).ToList();
        if (problems.Count > 0)
        {
            md.AppendLine("**Did not finish or not clean:**");
            md.AppendLine();
            foreach (var problem in problems) md.AppendLine(problem);
            md.AppendLine();
        }

        md.AppendLine("<details><summary>Throughput per round</summary>");
        md.AppendLine();
        md.AppendLine("| schemes | round | /health/live req/s | search req/s | ratio | server CPU ms per request, live / search | search p50 / p99 ms under load | not 200 | from cache | timeouts |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
            for (var i = 0; i < run.Rounds.Count; i++)
            {
                var (health, search) = run.Rounds[i];
                md.AppendLine($"| {Name(run)} | {i + 1} | {health.PerSecond:F0} | {search.PerSecond:F1} | {Ratio(search.PerSecond / health.PerSecond)} | " +
                              $"{health.ServerCpuMsPerRequest:F3} / {search.ServerCpuMsPerRequest:F2} | {Ms(search.P50Ms)} / {Ms(search.P99Ms)} | {search.NotOk + health.NotOk} | {search.CacheHits} | {search.Timeouts + health.Timeouts} |");
            }
        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();

        md.AppendLine("<details><summary>HTTP latency by kind of query, p50 / p99 ms</summary>");
        md.AppendLine();
        var measured = runs.Where(r => r.Latency is not null).ToList();
        md.AppendLine("| kind | queries | " + string.Join(" | ", measured.Select(Name)) + " |");
        md.AppendLine("|---|---:|" + string.Concat(measured.Select(_ => "---:|")));
        foreach (var kind in queries.GroupBy(q => q.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            md.AppendLine($"| {kind.Key} | {kind.Count()} | " + string.Join(" | ", measured.Select(r =>
            {
                var samples = kind.SelectMany(q => r.Latency!.Samples[q]).ToList();
                return samples.Count == 0 ? Missing : $"{Ms(Percentile(samples, 50))} / {Ms(Percentile(samples, 99))}";
            })) + " |");
        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();

        md.AppendLine("<details><summary>Each golden query: HTTP p50 / p99 ms, and in process p50 ms</summary>");
        md.AppendLine();
        md.AppendLine("| query | " + string.Join(" | ", measured.Select(r => $"{Name(r)} HTTP | {Name(r)} in process")) + " |");
        md.AppendLine("|---|" + string.Concat(measured.Select(_ => "---:|---:|")));
        foreach (var query in queries)
            md.AppendLine($"| {query.Id} 「{Cell(query.Q)}」 | " + string.Join(" | ", measured.Select(r =>
            {
                var http = r.Latency!.Samples[query];
                var http50 = http.Count == 0 ? Missing : $"{Ms(Percentile(http, 50))} / {Ms(Percentile(http, 99))}";
                return http50 + " | " + (r.InProcess?.Samples[query] is { Count: > 0 } engine ? Ms(Percentile(engine, 50)) : Missing);
            })) + " |");
        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();

        md.AppendLine("Rerun:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine("dotnet build MatchApi.sln -c Release -nologo -v quiet");
        md.AppendLine("dotnet run -c Release --no-build --project bench/ScaleBench -- " + string.Join(" ", args.Select(Quote)));
        md.AppendLine("```");
        return md.ToString();
    }

    /// <summary>The body of a latency table by kind, for the in-process mode's console output.</summary>
    public static string LatencyByKind(IReadOnlyDictionary<GoldenQuery, List<double>> samples)
    {
        var md = new StringBuilder();
        md.AppendLine("| kind | calls | p50 ms | p99 ms |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine($"| all | {All(samples).Count} | {Latency(samples, 50)} | {Latency(samples, 99)} |");
        foreach (var kind in samples.GroupBy(e => e.Key.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = kind.SelectMany(e => e.Value).ToList();
            md.AppendLine($"| {kind.Key} | {values.Count} | {Ms(Percentile(values, 50))} | {Ms(Percentile(values, 99))} |");
        }
        return md.ToString();
    }

    /// <summary>Replaces the section of <paramref name="label"/> in the document (between its markers), or appends it.</summary>
    public static void WriteSection(string document, string label, string markdown)
    {
        var begin = $"<!-- scalebench: {label} -->";
        var end = $"<!-- /scalebench: {label} -->";
        var section = begin + "\n" + markdown.TrimEnd() + "\n" + end;
        var text = File.Exists(document) ? File.ReadAllText(document) : "# Benchmarks\n";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + section + text[(to + end.Length)..]
            : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(document, text);
    }

    /// <summary>Issue 11's targets, each against the figure it names.</summary>
    private static void AppendTargets(StringBuilder md, IReadOnlyList<SizeRun> runs, SizeRun? real, double? realP50)
    {
        var large = runs.LastOrDefault(r => r.Size == "100000");
        md.AppendLine("**Targets** (issue 11):");
        md.AppendLine();
        md.AppendLine("| target | measured | met |");
        md.AppendLine("|---|---:|---|");
        Target(md, "uncached search ÷ /health/live at the real catalog ≥ 0.10", real?.ThroughputRatio, v => Ratio(v), v => v >= 0.10);
        if (large is null)
        {
            md.AppendLine("| at 100,000 schemes | not measured in this run | – |");
        }
        else
        {
            Target(md, "100,000: ready from an empty database ≤ 120 s", large.ColdStart?.ReadySeconds, v => Seconds(v) + " s", v => v <= 120);
            Target(md, "100,000: resident memory after load ≤ 1 GiB (VmRSS after the start from empty)", large.ColdStart is { ReadySeconds: not null } cold ? cold.Rss : null,
                v => $"{(long)v >> 20} MiB", v => v <= 1L << 30);
            var p50 = large.Latency is { } latency ? Percentile(All(latency.Samples), 50) : (double?)null;
            Target(md, "100,000: HTTP p50 at one connection ≤ 10 × the real catalog's", p50 is { } a && realP50 is { } b ? a / b : null,
                v => v.ToString("F1", CultureInfo.InvariantCulture) + " ×", v => v <= 10);
            Target(md, "100,000: uncached search ÷ /health/live ≥ 0.03", large.ThroughputRatio, v => Ratio(v), v => v >= 0.03);
        }
        md.AppendLine();
    }

    private static void Target(StringBuilder md, string target, double? value, Func<double, string> format, Func<double, bool> met) =>
        md.AppendLine(value is { } v ? $"| {target} | {format(v)} | {(met(v) ? "yes" : "**no**")} |" : $"| {target} | not reached | **no** |");

    private static List<double> All(IReadOnlyDictionary<GoldenQuery, List<double>> samples) => samples.Values.SelectMany(v => v).ToList();

    private static string Latency(IReadOnlyDictionary<GoldenQuery, List<double>>? samples, int percentile) =>
        samples is null || All(samples) is not { Count: > 0 } all ? Missing : Ms(Percentile(all, percentile));

    private static string Name(SizeRun run) => run.Size == SizeRun.RealCatalog
        ? $"{run.Schemes?.ToString() ?? "?"} (real)"
        : int.Parse(run.Size).ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(IReadOnlyList<WrkResult> phases) =>
        phases.Count == 0 ? Missing : (phases.Sum(p => p.Requests) / phases.Sum(p => p.Seconds)).ToString("N0", CultureInfo.InvariantCulture);

    private static string CpuPerRequest(IReadOnlyList<WrkResult> phases) =>
        phases.Count == 0 ? Missing : WrkResult.CpuMsPerRequest(phases).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Three decimals; two significant digits below 0.01 (a ratio of 0.00002 must not read as 0).</summary>
    private static string Ratio(double? ratio) => ratio is { } r
        ? r.ToString(r >= 0.01 ? "F3" : r >= 0.0001 ? "F5" : "0.0E+0", CultureInfo.InvariantCulture)
        : Missing;
    private static string Seconds(double? seconds) => seconds?.ToString("F1", CultureInfo.InvariantCulture) ?? Missing;
    private static string Mib(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) : Missing;
    private static string Memory(StartMeasure? start) => start is { ReadySeconds: not null } ? $"{start.Rss >> 20} / {start.Hwm >> 20}" : Missing;
    private static string Ready(StartMeasure? start) => start?.ReadySeconds is { } ready ? $"{Seconds(ready)} ({Seconds(start.CpuSeconds)})" : Missing;
    private static string Imported(StartMeasure? start) => start is null ? Missing : $"{(start.Imported ? "yes" : "no")} / {(start.IndexLoggedAt is null ? "no" : "yes")}";
    private static string Cell(string text) => text.Replace("|", "\\|");
    private static string Quote(string argument) => argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/=".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''")}'";
}
