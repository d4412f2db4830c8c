/// <summary>The command line of bench/ScaleBench; every option and its default is in <see cref="Usage"/>.</summary>
sealed record ScaleOptions
{
    public const string Usage = """
        usage: ScaleBench run [options]        the service as a process at each size: ready times, memory, latency, throughput
               ScaleBench generate --schemes N --out DIR [--seed S]
               ScaleBench inprocess [options]  the engine alone through the host's DI, at each size
        options:
          --sizes LIST           comma-separated: real (data/ as it is) and scheme counts   (default real,1000,10000,100000)
          --seed S               the synthetic catalogs' seed                                (default 11)
          --rounds N             latency rounds over the golden queries, after one warm-up   (default 20)
          --latency-seconds S    time budget for those rounds, checked between rounds        (default 180)
          --wrk-rounds N         throughput rounds, each a /health/live and a search phase   (default 3)
          --wrk-seconds S        seconds per throughput phase                                (default 10)
          --wrk-threads N        wrk threads                                                 (default 1)
          --connections N        wrk connections                                             (default 16)
          --ready-timeout S      limit for /health/ready after a start                       (default 600)
          --max-rss-mib M        the service (or this bench) is stopped above this VmRSS     (default 6144)
          --no-inprocess         skip the in-process engine timings in run
          --mecab-dictionary D   Search:MeCabDictionary for the service, or "system"   (default /var/lib/mecab/dic/ipadic-utf8)
          --service DLL          the service to run      (default src/MatchApi/bin/<this configuration>/net10.0/MatchApi.dll)
          --wrk PATH             the load generator      (default /usr/bin/wrk)
          --doc FILE --label L   also write the report as the section L of FILE (replaced if present)
          --keep                 keep the generated catalogs and databases in the work directory
        """;

    private static readonly string[] Flags = ["--no-inprocess", "--keep"];

    public required string Mode { get; init; }
    public IReadOnlyList<string> Sizes { get; init; } = ["real", "1000", "10000", "100000"];
    public ulong Seed { get; init; } = SyntheticCatalog.DefaultSeed;
    public int? Schemes { get; init; }
    public string? Output { get; init; }
    public int LatencyRounds { get; init; } = 20;
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromSeconds(180);
    public int WrkRounds { get; init; } = 3;
    public int WrkSeconds { get; init; } = 10;
    public int WarmUpSeconds => Math.Min(3, WrkSeconds);
    public int WrkThreads { get; init; } = 1;
    public int Connections { get; init; } = 16;
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(600);
    public long MaxRssBytes { get; init; } = 6144L << 20;
    public bool InProcess { get; init; } = true;
    /// <summary>
    /// The MeCab dictionary the service opens. IPADIC by path, not the machine's default: installing any package that
    /// pulls in mecab-naist-jdic switches /etc/mecabrc, and today's engine then fails some queries (issue 11).
    /// </summary>
    public string? MeCabDictionary { get; init; } = "/var/lib/mecab/dic/ipadic-utf8";
    public string? ServiceDll { get; init; }
    public string WrkPath { get; init; } = "/usr/bin/wrk";
    public string? Document { get; init; }
    public string Label { get; init; } = "ScaleBench run";
    public bool Keep { get; init; }

    /// <summary>What the service is configured with besides its database: the catalog, the dictionary, no rate limit in the way.</summary>
    public Dictionary<string, string?> ServiceSettings(string dataPath)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Catalog:DataPath"] = dataPath,
            ["Partners:Anonymous:PermitLimit"] = "1000000000",
        };
        if (MeCabDictionary is { } dictionary) settings["Search:MeCabDictionary"] = dictionary;
        return settings;
    }

    public static ScaleOptions Parse(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
        var rest = mode == "run" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args[1..];
        var known = Usage.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("--", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ').Where(w => w.StartsWith("--", StringComparison.Ordinal))).Append("--schemes").Append("--out").ToHashSet();
        for (var i = 0; i < rest.Length; i++)
        {
            if (!known.Contains(rest[i])) throw new UsageException($"Unknown option '{rest[i]}'.");
            if (!Flags.Contains(rest[i])) i++;
        }

        var defaults = new ScaleOptions { Mode = mode };
        var sizes = BenchService.Argument(rest, "--sizes")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. defaults.Sizes];
        foreach (var size in sizes)
            if (size != SizeRun.RealCatalog && !(int.TryParse(size, out var count) && count > 0))
                throw new UsageException($"--sizes takes 'real' and positive scheme counts, not '{size}'.");

        var options = defaults with
        {
            Sizes = sizes,
            Seed = BenchService.Argument(rest, "--seed") is { } seed
                ? ulong.TryParse(seed, out var value) ? value : throw new UsageException($"--seed takes a non-negative integer, not '{seed}'.")
                : defaults.Seed,
            Schemes = BenchService.Argument(rest, "--schemes") is null ? null : Positive(rest, "--schemes", 0),
            Output = BenchService.Argument(rest, "--out"),
            LatencyRounds = Positive(rest, "--rounds", defaults.LatencyRounds),
            LatencyBudget = TimeSpan.FromSeconds(Positive(rest, "--latency-seconds", (int)defaults.LatencyBudget.TotalSeconds)),
            WrkRounds = Positive(rest, "--wrk-rounds", defaults.WrkRounds),
            WrkSeconds = Positive(rest, "--wrk-seconds", defaults.WrkSeconds),
            WrkThreads = Positive(rest, "--wrk-threads", defaults.WrkThreads),
            Connections = Positive(rest, "--connections", defaults.Connections),
            ReadyTimeout = TimeSpan.FromSeconds(Positive(rest, "--ready-timeout", (int)defaults.ReadyTimeout.TotalSeconds)),
            MaxRssBytes = (long)Positive(rest, "--max-rss-mib", (int)(defaults.MaxRssBytes >> 20)) << 20,
            InProcess = !rest.Contains("--no-inprocess"),
            MeCabDictionary = BenchService.Argument(rest, "--mecab-dictionary") switch
            {
                null => defaults.MeCabDictionary,
                "system" => null,
                var directory => Path.GetFullPath(directory),
            },
            ServiceDll = BenchService.Argument(rest, "--service") is { } dll ? Path.GetFullPath(dll) : null,
            WrkPath = BenchService.Argument(rest, "--wrk") ?? defaults.WrkPath,
            Document = BenchService.Argument(rest, "--doc"),
            Label = BenchService.Argument(rest, "--label") ?? defaults.Label,
            Keep = rest.Contains("--keep"),
        };
        if (options.MeCabDictionary is { } dictionary && !Directory.Exists(dictionary))
            throw new UsageException($"--mecab-dictionary: {dictionary} does not exist (Debian package mecab-ipadic-utf8), or pass \"system\".");
        if (options.Connections < options.WrkThreads) throw new UsageException("--connections must be at least --wrk-threads.");
        if (options.Document is not null && BenchService.Argument(rest, "--label") is null)
            throw new UsageException("--doc needs --label (which engine or change the figures belong to; a rerun with the same label replaces its section).");
        return options;
    }

    private static int Positive(string[] args, string name, int fallback) => BenchService.Argument(args, name) switch
    {
        null => fallback,
        var text when int.TryParse(text, out var value) && value > 0 => value,
        var text => throw new UsageException($"{name} takes a positive integer, not '{text}'."),
    };
}

/// <summary>A command line the bench cannot run: the message, then the usage, and exit code 2.</summary>
sealed class UsageException(string message) : Exception(message);
