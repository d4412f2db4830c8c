using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

/// <summary>
/// Every process the bench starts (the service, wrk), killed when the bench exits: normally, on Ctrl+C, SIGTERM or an
/// unhandled exception; then the clean-ups registered with <see cref="AtExit"/> run.
/// </summary>
static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly PosixSignalRegistration[] Signals;
    private static readonly ConcurrentQueue<Action> CleanUps = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        // Each handler runs before the signal's default action (which then ends the bench).
        Signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => KillAll()))];
    }

    public static Process Start(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        if (!process.Start()) throw new InvalidOperationException($"{start.FileName} did not start.");
        Running[process.Id] = process;
        return process;
    }

    public static void AtExit(Action cleanUp) => CleanUps.Enqueue(cleanUp);

    public static void Forget(Process process) => Running.TryRemove(process.Id, out _);

    public static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { } // already gone
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values) Kill(process);
        while (CleanUps.TryDequeue(out var cleanUp))
        {
            try { cleanUp(); }
            catch (IOException) { } // best effort on the way out
        }
    }
}
