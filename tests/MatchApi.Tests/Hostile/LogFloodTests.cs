using System.Net;
using MatchApi.Partners;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Hostile;

/// <summary>
/// Refused callers (unknown and revoked keys, callers over their limit) are limited per client IP and cannot fill the disk:
/// each reason is logged once, the rest counted in one summary line, and no line carries the request's path or key.
/// </summary>
public sealed class LogFloodTests
{
    private const int InvalidKeyLimit = 10;
    private const int AnonymousLimit = 5;
    private const int Rounds = 300;
    private const string UnknownKey = "unknown-2b7f0c93e5a14d68";

    /// <summary>A path a caller can send: one 7,000-character id, as in the report that filled 484 MB in 3 s.</summary>
    private static readonly string LongPath = "/api/v1/schemes/" + new string('a', 7_000);

    private static Dictionary<string, string?> FloodSettings() => new(Settings(AnonymousLimit, alphaLimit: 100, betaLimit: 100))
    {
        ["Partners:InvalidKeys:PermitLimit"] = InvalidKeyLimit.ToString(),
        ["Partners:InvalidKeys:WindowSeconds"] = "600",
        // One interval for the whole test: the summary comes when the service stops.
        ["Partners:RefusalLogSeconds"] = "3600",
    };

    [Fact]
    public async Task A_flood_of_refused_requests_writes_a_few_short_lines_and_one_summary()
    {
        var capture = new LogCapture();
        var statuses = new Dictionary<string, List<HttpStatusCode>> { ["unknown"] = [], ["revoked"] = [], ["anonymous"] = [] };
        long bytesAtReady;
        using var service = new MatchApiFactory(dataPath: null, FloodSettings());
        using (var factory = capture.Attach(service))
        {
            using var client = factory.CreateClient();
            await MatchApiFactory.WaitUntilReadyAsync(client);
            bytesAtReady = capture.Bytes;

            for (var round = 0; round < Rounds; round++)
            {
                using var unknown = await client.SendAsync(Get(LongPath, UnknownKey));
                statuses["unknown"].Add(unknown.StatusCode);
            }
            for (var round = 0; round < Rounds; round++)
            {
                using var revoked = await client.SendAsync(Get(LongPath, RevokedKey));
                statuses["revoked"].Add(revoked.StatusCode);
            }
            for (var round = 0; round < Rounds; round++)
            {
                using var anonymous = await client.SendAsync(Get("/api/v1/schemes?stage=clinical&round=" + round));
                statuses["anonymous"].Add(anonymous.StatusCode);
            }
        }

        // Refused callers are limited too: after InvalidKeyLimit refusals, the same client IP gets 429 for any invalid key.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, InvalidKeyLimit)
            .Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, Rounds - InvalidKeyLimit)), statuses["unknown"]);
        Assert.All(statuses["revoked"], status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, AnonymousLimit)
            .Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, Rounds - AnonymousLimit)), statuses["anonymous"]);

        // Stopping the service wrote the summary of the interval. 900 refused requests, three reasons: three first-occurrence lines and one summary. Each line logging the path alone
        // would be 7 KB (6 MB for this loop).
        var logged = capture.Bytes - bytesAtReady;
        var lines = capture.Lines;
        Assert.True(logged < 4_000, $"{logged} bytes logged for {3 * Rounds} refused requests:\n{string.Join("\n", lines.TakeLast(10))}");
        Assert.DoesNotContain(lines, line => line.Contains(new string('a', 50)));
        Assert.DoesNotContain(lines, line => line.Contains(UnknownKey) || line.Contains(PartnerDirectory.Hash(UnknownKey)));
        Assert.DoesNotContain(lines, line => line.Contains(RevokedKey) || line.Contains(PartnerDirectory.Hash(RevokedKey)));

        var summary = Assert.Single(capture.Entries, entry => entry.Message.StartsWith("Refused since the last summary", StringComparison.Ordinal)).Message;
        var counts = summary[(summary.IndexOf("): ", StringComparison.Ordinal) + 3)..].Split("; ")
            .ToDictionary(entry => entry[..entry.LastIndexOf(": ", StringComparison.Ordinal)], entry => int.Parse(entry[(entry.LastIndexOf(": ", StringComparison.Ordinal) + 2)..]));
        Assert.Equal(InvalidKeyLimit, counts["Rejected an unknown API key"]);
        Assert.Equal(2 * Rounds - InvalidKeyLimit, counts["Too many invalid API keys from one client IP"]);
        Assert.Equal(Rounds - AnonymousLimit, counts["Rate limit reached for anonymous"]);
        Assert.Contains(lines, line => line.Contains("Rejected an unknown API key on /api/v1/schemes/{id}"));
    }

    [Fact]
    public async Task The_invalid_key_limit_is_per_client_IP()
    {
        using var server = new KestrelMatchApi(FloodSettings());
        using var attacker = await server.ReadyClientFromAsync("127.0.0.1");
        using var neighbour = await server.ReadyClientFromAsync("127.0.0.2");

        for (var sent = 0; sent < InvalidKeyLimit; sent++)
        {
            using var refused = await attacker.SendAsync(Get("/api/v1/vocabularies", UnknownKey));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using var limited = await attacker.SendAsync(Get("/api/v1/vocabularies", UnknownKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 600);
        Assert.Contains("unknown or revoked X-Api-Key from this client IP", await limited.Content.ReadAsStringAsync());

        // Another client IP still gets its own answers, and the attacker's IP without a key is just anonymous.
        using var neighbourRefused = await neighbour.SendAsync(Get("/api/v1/vocabularies", UnknownKey));
        Assert.Equal(HttpStatusCode.Unauthorized, neighbourRefused.StatusCode);
        using var anonymous = await attacker.SendAsync(Get("/api/v1/vocabularies"));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
