using System.Collections.Concurrent;
using MatchApi.Partners;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Partners;

/// <summary>Every log line the service writes at every level, captured while partners call with good, bad and revoked keys.</summary>
public sealed class KeyLoggingTests
{
    [Fact]
    public async Task No_key_ever_appears_in_a_log_line()
    {
        var settings = Settings(anonymousLimit: 2, alphaLimit: 2, betaLimit: 100);
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft"] = "Trace";
        var capture = new CapturingLoggerProvider();
        using var factory = new MatchApiFactory(dataPath: null, settings).WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(capture)));
        using var client = factory.CreateClient();
        await MatchApiFactory.WaitUntilReadyAsync(client);
        const string unknownKey = "unknown-7d3a9f2c61e04b58";

        foreach (var key in new[] { AlphaKey, AlphaKey, AlphaKey, BetaKey, RevokedKey, unknownKey })
        {
            using var response = await client.SendAsync(Get("/api/v1/schemes?q=治験", key, AlphaOrigin));
        }

        var lines = capture.Lines.ToArray();
        Assert.Contains(lines, line => line.Contains("Rate limit reached for partner:alpha"));
        Assert.Contains(lines, line => line.Contains("revoked API key of partner old"));
        Assert.Contains(lines, line => line.Contains("Rejected an unknown API key"));
        foreach (var secret in new[] { AlphaKey, BetaKey, RevokedKey, unknownKey })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret));
            Assert.DoesNotContain(lines, line => line.Contains(PartnerDirectory.Hash(secret)));
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

        public void Dispose() { }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception} {Properties(state)}");

            private static string Properties<TState>(TState state) =>
                state is IEnumerable<KeyValuePair<string, object?>> properties ? string.Join("; ", properties.Select(p => $"{p.Key}={p.Value}")) : "";
        }
    }
}
