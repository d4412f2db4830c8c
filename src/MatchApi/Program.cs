using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MatchApi.Catalog.Infrastructure;
using System.Text.Unicode;
using MatchApi.Analysis;
using MatchApi.Curation;
using MatchApi.Deployment;
using MatchApi.Desk;
using MatchApi.Feeds;
using MatchApi.Health;
using MatchApi.Infrastructure;
using MatchApi.Partners;
using MatchApi.Recommendations;
using MatchApi.Schemes;
using MatchApi.Reference;
using MatchApi.Widget;

// `export [--to DIR]` writes the catalog back in data/'s format and exits (configuration from the environment and appsettings).
var command = args is [ExportCommand.Name, .. var commandArguments] ? commandArguments : null;
var builder = WebApplication.CreateBuilder(command is null ? args : []);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

builder.Services.AddCatalog(builder.Configuration, builder.Environment);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, new DefaultJsonTypeInfoResolver { Modifiers = { SchemeJson.OmitEmptyCuratedFacts } });
});
builder.Services.AddMatchApiOpenApi(builder.Configuration);
builder.Services.AddMatchmaking();
builder.Services.AddForwardedHeadersFromSettings(builder.Configuration);
builder.Services.AddPartnerAccess(builder.Configuration);
// After the partner transformer, which drops 503 from role-only endpoints: a write does answer 503 while the database is unavailable.
builder.Services.AddCurationOpenApi();

var app = builder.Build();
if (command is not null)
{
    Environment.ExitCode = await ExportCommand.RunAsync(app.Services, command);
    return;
}

app.UseForwardedHeadersFromSettings();
app.UseNoSniff();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePartnerAccess();

app.MapMatchApiOpenApi();

app.MapHealthApi();
var api = app.MapGroup("/api/v1");
api.RequirePartnerAccess();
api.MapSchemesApi();
api.MapVocabulariesApi();
api.MapAnalyzeApi();
api.MapRecommendationsApi();
api.MapCurationApi();
api.MapFeedsApi();
app.MapGroup("/api/v1/operator").RequirePartnerRole(PartnerRoles.Operator, PartnerRoles.Curator).MapOperatorApi();
app.MapWidget();
app.MapDesk();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
