using MatchApi.Testing;
// Scale benchmark: the real service, as its own process, on synthetic catalogs of growing size (see bench/README.md).
//
//   dotnet build MatchApi.sln -c Release
//   dotnet run -c Release --no-build --project bench/ScaleBench -- run [--sizes real,1000,10000,100000] [--doc docs/benchmarks.md --label "…"]
//   dotnet run -c Release --no-build --project bench/ScaleBench -- generate --schemes 10000 --out /tmp/catalog-10000 [--seed 11]
//   dotnet run -c Release --no-build --project bench/ScaleBench -- inprocess [--sizes real,1000]
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>Not top-level statements: "Program" must stay the service's entry point for WebApplicationFactory (the in-process mode).</summary>
internal static class ScaleBench
{
    /// <summary>How long a phase waits for the server to finish the requests the previous one left in flight.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(300);

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = ScaleOptions.Parse(args);
            WatchOwnMemory(options.MaxRssBytes);
            return options.Mode switch
            {
                "generate" => Generate(options),
                "run" => await RunAsync(options, args),
                "inprocess" => await InProcessOnlyAsync(options),
                _ => throw new UsageException($"Unknown mode '{options.Mode}'. Accepted: run, generate, inprocess."),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(ScaleOptions.Usage);
            return 2;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e is IOException or InvalidOperationException or UnauthorizedAccessException ? e.Message : e.ToString());
            return 1;
        }
    }

    private static int Generate(ScaleOptions options)
    {
        var output = options.Output ?? throw new UsageException("generate needs --out DIR.");
        var schemes = options.Schemes ?? throw new UsageException("generate needs --schemes N.");
        var clock = Stopwatch.StartNew();
        try { SyntheticCatalog.Write(Path.Combine(ServiceReadiness.RepositoryRoot, "data"), output, schemes, options.Seed); }
        catch (ArgumentOutOfRangeException e) { throw new UsageException(e.Message); }
        Console.WriteLine($"{schemes} schemes (seed {options.Seed}) in {Path.GetFullPath(output)} after {clock.Elapsed.TotalSeconds:F1} s; load it with Catalog__DataPath={Path.GetFullPath(output)}");
        return 0;
    }

    private static async Task<int> RunAsync(ScaleOptions options, string[] args)
    {
        var serviceDll = options.ServiceDll ?? DefaultServiceDll();
        if (!File.Exists(serviceDll)) throw new UsageException($"{serviceDll} does not exist: build first (dotnet build MatchApi.sln -c Release) or pass --service PATH/MatchApi.dll.");
        if (!File.Exists(options.WrkPath)) throw new UsageException($"wrk not found at {options.WrkPath} (Debian package wrk), or pass --wrk PATH.");

        var machine = MachineFacts.Collect(options.WrkPath);
        var queries = GoldenQuery.Load();
        var wrk = new Wrk(options.WrkPath, options.WrkThreads, options.Connections);
        var workDirectory = Directory.CreateTempSubdirectory("matchapi-scalebench-").FullName;
        var pathsFile = Path.Combine(workDirectory, "search-paths.txt");
        await File.WriteAllLinesAsync(pathsFile, queries.Select(HttpLatency.SearchPath));
        ChildProcesses.AtExit(() => CleanUp(workDirectory, options.Keep));
        Console.WriteLine($"Service {serviceDll}; work directory {workDirectory}");
        var runs = new List<SizeRun>();
        try
        {
            foreach (var size in options.Sizes)
            {
                var run = new SizeRun(size);
                runs.Add(run);
                await MeasureSizeAsync(run, options, serviceDll, workDirectory, queries, wrk, pathsFile, CancellationToken.None);
                Console.WriteLine(Report.Summary(run));
            }
        }
        finally
        {
            CleanUp(workDirectory, options.Keep);
            Console.WriteLine(options.Keep ? $"Kept {workDirectory}." : $"Service logs in {workDirectory}.");
        }

        var markdown = Report.Markdown(options, machine, runs, queries, wrk, args);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.Document is { } document)
        {
            Report.WriteSection(document, options.Label, markdown);
            Console.WriteLine($"Section \"{options.Label}\" written to {Path.GetFullPath(document)}.");
        }
        return runs.All(r => r.Problems.Count == 0) ? 0 : 1;
    }

    private static async Task MeasureSizeAsync(SizeRun run, ScaleOptions options, string serviceDll, string workDirectory,
        IReadOnlyList<GoldenQuery> queries, Wrk wrk, string pathsFile, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, run.Size)).FullName;
        var database = Path.Combine(directory, "catalog.db");
        string dataPath;
        try { dataPath = PrepareCatalog(run, options, directory); }
        catch (Exception e)
        {
            run.Problems.Add("generation failed: " + Describe(e));
            return;
        }

        Console.WriteLine($"[{run.Size}] start on an empty database");
        await using (var service = ServiceProcess.Start(serviceDll, options.ServiceSettings(dataPath), database, Path.Combine(directory, "cold-start.log"), options.MaxRssBytes))
        {
            run.ColdStart = await MeasureStartAsync(service, database, options, cancellationToken);
            if (run.ColdStart.Failure is { } failure)
            {
                run.Problems.Add("start on an empty database: " + failure);
                return;
            }
            (run.Schemes, run.Analysis) = await ReadyStatusAsync(service.BaseAddress, cancellationToken);
        }

        Console.WriteLine($"[{run.Size}] restart on the same database");
        await using var restarted = ServiceProcess.Start(serviceDll, options.ServiceSettings(dataPath), database, Path.Combine(directory, "restart.log"), options.MaxRssBytes);
        run.Restart = await MeasureStartAsync(restarted, database, options, cancellationToken);
        if (run.Restart.Failure is { } restartFailure)
        {
            run.Problems.Add("restart: " + restartFailure);
            return;
        }

        try
        {
            if (await HttpLatency.CheckCacheDetectionAsync(restarted.BaseAddress, queries[0], cancellationToken) is { } cacheProblem)
                run.Problems.Add(cacheProblem);

            Console.WriteLine($"[{run.Size}] latency at one connection ({options.LatencyRounds} rounds, budget {options.LatencyBudget.TotalSeconds:F0} s)");
            run.Latency = await HttpLatency.MeasureAsync(restarted.BaseAddress, queries, options.LatencyRounds, options.LatencyBudget, cancellationToken);

            Console.WriteLine($"[{run.Size}] throughput: {options.WrkRounds} rounds of /health/live and distinct searches, {options.WrkSeconds} s each");
            async Task<WrkResult> Phase(Func<Task<WrkResult>> phase)
            {
                if (!await restarted.WaitUntilIdleAsync(IdleLimit, cancellationToken))
                    run.Problems.Add($"the server was still busy {IdleLimit.TotalSeconds:F0} s after a phase; the next one started anyway");
                var before = restarted.CpuTime();
                var result = await phase();
                await restarted.WaitUntilIdleAsync(IdleLimit, cancellationToken);
                return result with { ServerCpuSeconds = (restarted.CpuTime() - before).TotalSeconds, InFlightAtEnd = wrk.Connections };
            }
            Task<WrkResult> Health(int seconds) => Phase(() => wrk.HealthAsync(restarted.BaseAddress, seconds, cancellationToken));
            Task<WrkResult> Search(int seconds, string tag) => Phase(() => wrk.SearchAsync(restarted.BaseAddress, seconds, pathsFile, tag, cancellationToken));

            await Health(options.WarmUpSeconds);
            await Search(options.WarmUpSeconds, "warmup");
            for (var round = 1; round <= options.WrkRounds; round++)
            {
                // Alternate which phase goes first, so neither always runs on a warmer (or more loaded) machine.
                WrkResult health, search;
                if (round % 2 == 1)
                {
                    health = await Health(options.WrkSeconds);
                    search = await Search(options.WrkSeconds, $"round{round}");
                }
                else
                {
                    search = await Search(options.WrkSeconds, $"round{round}");
                    health = await Health(options.WrkSeconds);
                }
                run.Rounds.Add((health, search));
                Console.WriteLine($"  round {round}: /health/live {health.PerSecond:F0}/s ({health.ServerCpuMsPerRequest:F3} CPU ms each), " +
                                  $"search {search.PerSecond:F1}/s ({search.ServerCpuMsPerRequest:F2} CPU ms each; not 200: {search.NotOk}, from cache: {search.CacheHits}, timeouts: {search.Timeouts})");
                if (search.CacheHits > 0) run.Problems.Add($"round {round}: {search.CacheHits} search responses came from the output cache");
                if (search.NotOk + health.NotOk + search.SocketErrors + health.SocketErrors > 0)
                    run.Problems.Add($"round {round}: {search.NotOk + health.NotOk} answers other than 200, {search.SocketErrors + health.SocketErrors} socket errors");
            }
            run.EndMemory = restarted.Memory();
        }
        catch (Exception e)
        {
            run.Problems.Add($"stopped while measuring: {restarted.KilledBecause ?? Describe(e)}");
            return;
        }
        await restarted.StopAsync(TimeSpan.FromSeconds(30));

        if (!options.InProcess) return;
        Console.WriteLine($"[{run.Size}] in process (engine only)");
        try
        {
            // On the database and index the service wrote, so the engine opens them as on a restart instead of importing again.
            var settings = options.ServiceSettings(dataPath);
            settings["ConnectionStrings:Catalog"] = $"Data Source={database}";
            run.InProcess = await InProcessSearch.MeasureAsync(settings, queries, options.LatencyRounds, options.LatencyBudget, (int)options.ReadyTimeout.TotalSeconds);
        }
        catch (Exception e)
        {
            run.Problems.Add("in process: " + Describe(e));
        }
    }

    private static string PrepareCatalog(SizeRun run, ScaleOptions options, string directory)
    {
        if (run.Size == SizeRun.RealCatalog) return Path.Combine(ServiceReadiness.RepositoryRoot, "data");
        var output = Path.Combine(directory, "data");
        var clock = Stopwatch.StartNew();
        SyntheticCatalog.Write(Path.Combine(ServiceReadiness.RepositoryRoot, "data"), output, int.Parse(run.Size), options.Seed);
        run.GenerateSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"[{run.Size}] generated in {run.GenerateSeconds:F1} s");
        return output;
    }

    private static async Task<StartMeasure> MeasureStartAsync(ServiceProcess service, string database, ScaleOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var ready = await service.WaitUntilReadyAsync(options.ReadyTimeout, cancellationToken);
            var cpu = service.CpuTime();
            var (rss, hwm) = service.Memory();
            Console.WriteLine($"  ready after {ready.TotalSeconds:F1} s ({cpu.TotalSeconds:F1} CPU s; files read at {service.ReadLoggedAt?.ToString("F1") ?? "-"} s, database written at {service.ImportLoggedAt?.ToString("F1") ?? "-"} s, index built at {service.IndexLoggedAt?.ToString("F1") ?? "-"} s), " +
                              $"VmRSS {rss >> 20} MiB, VmHWM {hwm >> 20} MiB, imported: {(service.CatalogImported ? "yes" : "no")}");
            return new StartMeasure(ready.TotalSeconds, cpu.TotalSeconds, service.CatalogImported, service.ReadLoggedAt, service.ImportLoggedAt, service.IndexLoggedAt,
                rss, hwm, DatabaseBytes(database), IndexBytes(database), null);
        }
        catch (Exception e)
        {
            // How far it got: memory, the database written so far, whether the import had finished.
            var (rss, hwm) = service.KilledBecause is null && TryMemory(service) is { } memory ? memory : (0, service.PeakRssBytes);
            var failure = $"{service.KilledBecause ?? e.Message} (VmRSS {rss >> 20} MiB, VmHWM {Math.Max(hwm, service.PeakRssBytes) >> 20} MiB, database {DatabaseBytes(database) >> 20} MiB, import logged: {(service.CatalogImported ? "yes" : "no")}; log {service.LogPath})";
            Console.WriteLine("  " + failure);
            return new StartMeasure(null, null, service.CatalogImported, service.ReadLoggedAt, service.ImportLoggedAt, service.IndexLoggedAt,
                rss, Math.Max(hwm, service.PeakRssBytes), DatabaseBytes(database), IndexBytes(database), failure);
        }
    }

    private static (long, long)? TryMemory(ServiceProcess service)
    {
        try { return service.Memory(); }
        catch (IOException) { return null; }
    }

    private static long DatabaseBytes(string database) =>
        new[] { "", "-wal", "-shm", "-journal" }.Select(suffix => new FileInfo(database + suffix)).Where(f => f.Exists).Sum(f => f.Length);

    /// <summary>The search index the service keeps beside its database (Search:IndexPath unset: catalog.db.index/).</summary>
    private static long IndexBytes(string database) => IndexDirectory(database) is { Exists: true } index
        ? index.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static DirectoryInfo IndexDirectory(string database) => new(database + ".index");

    /// <summary>How many schemes the service says it serves, and its analysis mode (mecab_ipadic, or bigram_only when MeCab failed).</summary>
    private static async Task<(int?, string?)> ReadyStatusAsync(Uri server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server };
        var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready", cancellationToken);
        return (ready.TryGetProperty("schemes", out var schemes) && schemes.ValueKind == JsonValueKind.Number ? schemes.GetInt32() : null,
                ready.TryGetProperty("analysis", out var analysis) && analysis.ValueKind == JsonValueKind.String ? analysis.GetString() : null);
    }

    /// <summary>An exception in one line of the report: its type and message, and where the engine threw it.</summary>
    private static string Describe(Exception e) =>
        $"{e.GetType().Name}: {e.Message}" + (e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() is { } frame ? $" ({frame})" : "");

    private static async Task<int> InProcessOnlyAsync(ScaleOptions options)
    {
        var queries = GoldenQuery.Load();
        var workDirectory = Directory.CreateTempSubdirectory("matchapi-scalebench-").FullName;
        ChildProcesses.AtExit(() => CleanUp(workDirectory, options.Keep));
        try
        {
            foreach (var size in options.Sizes)
            {
                var run = new SizeRun(size);
                var dataPath = PrepareCatalog(run, options, Directory.CreateDirectory(Path.Combine(workDirectory, size)).FullName);
                run.InProcess = await InProcessSearch.MeasureAsync(options.ServiceSettings(dataPath), queries, options.LatencyRounds, options.LatencyBudget, (int)options.ReadyTimeout.TotalSeconds);
                Console.WriteLine($"{size} schemes, in process, {run.InProcess.Value.Rounds} rounds:");
                Console.WriteLine(Report.LatencyByKind(run.InProcess.Value.Samples));
            }
        }
        finally
        {
            CleanUp(workDirectory, options.Keep);
        }
        return 0;
    }

    /// <summary>Removes the generated catalogs and databases (with --keep, nothing); the service logs stay, if any.</summary>
    private static void CleanUp(string workDirectory, bool keep)
    {
        if (keep || !Directory.Exists(workDirectory)) return;
        foreach (var size in Directory.EnumerateDirectories(workDirectory))
        {
            if (Directory.Exists(Path.Combine(size, "data"))) Directory.Delete(Path.Combine(size, "data"), recursive: true);
            foreach (var file in Directory.EnumerateFiles(size, "catalog.db*")) File.Delete(file);
            if (IndexDirectory(Path.Combine(size, "catalog.db")) is { Exists: true } index) index.Delete(recursive: true);
        }
        if (!Directory.EnumerateFiles(workDirectory, "*", SearchOption.AllDirectories).Any()) Directory.Delete(workDirectory, recursive: true);
    }

    /// <summary>The service dll built beside this bench: src/MatchApi/bin/&lt;same configuration&gt;/net10.0/MatchApi.dll.</summary>
    private static string DefaultServiceDll()
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        return Path.Combine(ServiceReadiness.RepositoryRoot, "src", "MatchApi", "bin", own.Parent!.Name, own.Name, "MatchApi.dll");
    }

    /// <summary>The in-process mode and the generator run in this process: stop it, not the machine, past the limit.</summary>
    private static void WatchOwnMemory(long maxRssBytes) => _ = Task.Run(async () =>
    {
        while (true)
        {
            var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            if (long.Parse(rss) * 1024 > maxRssBytes)
            {
                Console.Error.WriteLine($"The bench itself passed {maxRssBytes >> 20} MiB resident; stopping.");
                Environment.Exit(3);
            }
            await Task.Delay(500);
        }
    });
}
