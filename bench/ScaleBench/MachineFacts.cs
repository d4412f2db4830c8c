using MatchApi.Testing;
using System.Diagnostics;
using System.Runtime.InteropServices;

/// <summary>What the figures depend on besides the code: the machine, its load, the tools, the commit.</summary>
sealed record MachineFacts(int Processors, string Cpu, long MemoryBytes, string LoadAverage, string Os, string Runtime, string WrkVersion, string Commit, DateTimeOffset Date)
{
    public static MachineFacts Collect(string wrk) => new(
        Environment.ProcessorCount,
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown",
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024,
        CurrentLoadAverage(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Output(wrk, "-v").Split('\n')[0].Split(" [")[0].Trim(),
        ReadCommit(),
        DateTimeOffset.UtcNow);

    /// <summary>The 1, 5 and 15 minute load averages: on a shared machine, other work competes for the cores.</summary>
    public static string CurrentLoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>
    /// The checked-out commit and the last commit that changed src/ or data/ (what the figures belong to), marked when
    /// src/ or data/ have uncommitted changes.
    /// </summary>
    private static string ReadCommit()
    {
        string Git(params string[] arguments) => Output("git", ["-C", ServiceReadiness.RepositoryRoot, .. arguments]).Trim();
        var head = Git("rev-parse", "--short", "HEAD");
        if (head.Length == 0) return "unknown";
        var code = Git("log", "-1", "--format=%h", "--", "src", "data");
        var described = code == head ? head : $"{head} (src/ and data/ as of {code})";
        return Git("status", "--porcelain", "--", "src", "data").Length == 0 ? described : described + " with uncommitted changes in src/ or data/";
    }

    private static string Output(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(10_000);
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
