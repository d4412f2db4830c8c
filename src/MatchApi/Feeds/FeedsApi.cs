using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MatchApi.Catalog;
using MatchApi.Catalog.Curation;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Infrastructure;
using MatchApi.Schemes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MatchApi.Feeds;

/// <summary>
/// Feeds a startup can subscribe to, taking the list's filters and q, so a saved search is a feed URL: the changes to
/// the matching schemes (Atom) and their calls' deadlines (iCalendar).
/// </summary>
public static class FeedsApi
{
    /// <summary>The most entries a changes feed carries (newest first).</summary>
    public const int MaxEntries = 50;

    public const string AtomType = "application/atom+xml";
    public const string CalendarType = "text/calendar";

    public static RouteGroupBuilder MapFeedsApi(this RouteGroupBuilder api)
    {
        var feeds = api.MapGroup("/feeds").WithTags("Feeds");
        feeds.MapGet("/changes.atom", Changes)
            .WithQueryParameters(SchemeListParameters.All)
            .WithName("ChangesFeed")
            .WithSummary("Atom feed of changes: new schemes, new or changed calls for proposals, retirements")
            .WithDescription("Takes the list's filters and q (GET /api/v1/schemes), so a saved search is a feed URL; page, pageSize and sort do not apply. " +
                             $"The newest {MaxEntries} changes of the matching schemes, newest first; a retired scheme is matched by its filters' codes (not by q). " +
                             "Entry links point to the desk's detail; each entry's id names the scheme and its revision.")
            .Produces(StatusCodes.Status200OK, contentType: AtomType)
            .ProducesValidationProblem();
        feeds.MapGet("/deadlines.ics", Deadlines)
            .WithQueryParameters(SchemeListParameters.All)
            .WithName("DeadlinesCalendar")
            .WithSummary("iCalendar feed of the matching schemes' call deadlines")
            .WithDescription("One event per call for proposals with a deadline (cancelled calls left out): an all-day event on the closing day for a date, " +
                             "or an event at the closing time for a date-time. Same filters and q as the list; page, pageSize and sort do not apply.")
            .Produces(StatusCodes.Status200OK, contentType: CalendarType)
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem>> Changes(
        CatalogSnapshot catalog, SchemeSearch search, CatalogCurator curator, HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var query = SchemeListParameters.Parse(http.Request.Query, errors);
        if (errors.Any) return Problems.Invalid(errors);
        var now = JapanCalendar.Now(http);
        var matching = Matching(catalog, search, query, now).Select(s => s.Id).ToHashSet();
        if (query.Text is null)
            matching.UnionWith(catalog.Curated.Values.Where(c => c.Retired && PassesFilters(c.Record, query.Filter)).Select(c => c.Record.Id));

        var revisions = await curator.RecentRevisionsAsync(matching, MaxEntries * 4, cancellationToken);
        var entries = revisions.Select(r => Entry(r, catalog, http)).OfType<SyndicationItem>().Take(MaxEntries).ToList();
        var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}";
        var feed = new SyndicationFeed("MatchApi 支援策の更新" + Describe(http), "新しい制度、公募の追加・変更、廃止", new Uri(self),
            "urn:matchapi:feed:changes:" + SchemeJson.Hash(http.Request.QueryString.Value ?? "")[..16], entries.FirstOrDefault()?.LastUpdatedTime ?? catalog.LoadedAt)
        {
            Items = entries,
            Language = "ja",
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(self), AtomType));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return TypedResults.Text(text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\""), AtomType, Encoding.UTF8);
    }

    private static Results<ContentHttpResult, ValidationProblem> Deadlines(
        CatalogSnapshot catalog, SchemeSearch search, HttpContext http)
    {
        var errors = new InputErrors();
        var query = SchemeListParameters.Parse(http.Request.Query, errors);
        if (errors.Any) return Problems.Invalid(errors);
        var calendar = new Ical.Net.Calendar { ProductId = "-//MatchApi//deadlines//JA" };
        calendar.AddProperty("X-WR-CALNAME", "MatchApi 公募締切" + Describe(http));
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Tokyo");
        var stamp = new CalDateTime(catalog.LoadedAt.UtcDateTime, "UTC");
        foreach (var scheme in Matching(catalog, search, query, JapanCalendar.Now(http)))
            for (var i = 0; i < scheme.Calls.Count; i++)
            {
                var call = scheme.Calls[i];
                if (call.Status == "cancelled" || CallDates.Closing(call.ClosesAt) is not { } closes) continue;
                var allDay = call.ClosesAt!.Length == 10;
                var start = allDay ? new CalDateTime(DateOnly.ParseExact(call.ClosesAt, "yyyy-MM-dd", CultureInfo.InvariantCulture)) : new CalDateTime(closes.UtcDateTime, "UTC");
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = $"{scheme.Id}-call-{i}-{SchemeJson.Hash(call.Title)[..8]}@matchapi",
                    Summary = $"締切: {scheme.Name} {call.Title}",
                    Description = string.Join("\n", new[]
                    {
                        call.OpensAt is null ? null : $"受付開始: {call.OpensAt}",
                        $"締切: {call.ClosesAt}",
                        call.System is null ? null : $"申請: {call.System}",
                        call.Note,
                        $"出典: {call.Source.Url}（{call.Source.CheckedOn} 確認）",
                    }.OfType<string>()),
                    DtStart = start,
                    DtEnd = allDay ? new CalDateTime(start.Date.AddDays(1)) : start,
                    DtStamp = stamp,
                    Url = Uri.TryCreate(call.Url ?? scheme.Url ?? DeskLink(http, scheme.Id), UriKind.Absolute, out var url) ? url : null,
                });
            }
        return TypedResults.Text(new CalendarSerializer(calendar).SerializeToString()!, CalendarType, Encoding.UTF8);
    }

    /// <summary>The schemes the list would answer for the query (every page).</summary>
    private static IEnumerable<Scheme> Matching(CatalogSnapshot catalog, SchemeSearch search, SchemeQuery query, DateTimeOffset now) =>
        search.Search(catalog, query with { Page = 1, PageSize = Math.Max(1, catalog.Schemes.Count), Sort = SchemeSort.Name }, now).Items.Select(m => m.Scheme);

    private static bool PassesFilters(Scheme scheme, SchemeFilter filter) =>
        SchemeIndex.Facets.All(f => f.Selected(filter) is not { Count: > 0 } selected || f.CodesOf(scheme).Any(selected.Contains));

    /// <summary>A change worth telling subscribers: a new scheme, a new or changed call, a retirement; null for other edits.</summary>
    private static SyndicationItem? Entry(SchemeRevision revision, CatalogSnapshot catalog, HttpContext http)
    {
        var record = SchemeJson.Read(revision.Json);
        var patch = JsonNode.Parse(revision.Patch)!.AsArray();
        var paths = patch.Select(op => op!["path"]!.GetValue<string>()).ToList();
        var (title, summary) = revision switch
        {
            { Retired: true, Kind: RevisionKinds.Retired } => ($"廃止: {record.Name}", $"「{record.Name}」はカタログから外されました（{revision.Note}）。"),
            _ when paths.Contains("") => ($"新しい制度: {record.Name}", record.Summary),
            _ when revision.Kind == RevisionKinds.Restored => ($"再掲載: {record.Name}", $"「{record.Name}」が戻されました（{revision.Note}）。"),
            _ when paths.Any(p => p == "/calls" || p.StartsWith("/calls/", StringComparison.Ordinal)) =>
                ($"公募: {record.Name}", string.Join(" / ", record.Calls.Select(c => $"{c.Title}（{(c.OpensAt is null ? "" : c.OpensAt + "〜")}{c.ClosesAt ?? "締切未定"}）")) is { Length: > 0 } calls ? calls : "公募情報が削除されました。"),
            _ => (null, null),
        };
        if (title is null) return null;
        var item = new SyndicationItem(title, summary, new Uri(DeskLink(http, record.Id)), $"urn:matchapi:scheme:{record.Id}:revision:{revision.Number}", revision.CreatedAt)
        {
            PublishDate = revision.CreatedAt,
        };
        item.Authors.Add(new SyndicationPerson { Name = revision.Author });
        item.Categories.Add(new SyndicationCategory(revision.Kind));
        return item;
    }

    private static string DeskLink(HttpContext http, string id) => $"{http.Request.Scheme}://{http.Request.Host}/desk?detail={Uri.EscapeDataString(id)}";

    private static string Describe(HttpContext http) =>
        http.Request.QueryString.HasValue ? $"（{InputErrors.Shorten(Uri.UnescapeDataString(http.Request.QueryString.Value!.TrimStart('?')))}）" : "";
}
