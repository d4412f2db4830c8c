using MatchApi.Catalog.Model;
using MatchApi.Infrastructure;
using MatchApi.Matchmaking;

namespace MatchApi.Recommendations;

/// <summary>The query string of GET /api/v1/roadmap, described once: the handler parses these and the OpenAPI document is written from them.</summary>
public static class RoadmapParameters
{
    public static readonly CodeParameter Applicant = new("applicant", Vocabularies.Applicant, "Applicant type");
    public static readonly CodeParameter Stage = new("stage", Vocabularies.Stage, $"Current development stage (default {Vocabularies.Stage.Terms[0].Code})");
    public static readonly CodesParameter Needs = new("needs", Vocabularies.Need, "Needs");
    public static readonly CodesParameter SupportTypes = new("supportTypes", Vocabularies.SupportType, "Preferred support types");
    public static readonly TextParameter Q = new("q", "Free text: the device, the disease area, the technology.");
    public static readonly DateParameter ActiveOn = new("activeOn", "programmes must run on that day (fiscal years April–March). Default: today (JST). Pass it explicitly when caching responses.");
    public static readonly IntegerParameter PerStage = new("perStage", "Schemes per stage", RoadmapBuilder.DefaultPerStage, 1, RoadmapBuilder.MaxPerStage);
    public static readonly FlagParameter DeviceDeveloper = new("deviceDeveloper", "true (default): device-specific schemes rank ahead of general ones.", Profile.DefaultDeviceDeveloper);

    public static readonly IReadOnlyList<QueryParameter> All = [Applicant, Stage, Needs, SupportTypes, Q, ActiveOn, PerStage, DeviceDeveloper];

    /// <summary>The profile and how many schemes per stage; every invalid value goes to <paramref name="errors"/>.</summary>
    public static (Profile Profile, int PerStage) Parse(IQueryCollection query, InputErrors errors, DateOnly today)
    {
        var profile = new Profile
        {
            Applicant = Applicant.Parse(query, errors),
            Stage = Stage.Parse(query, errors),
            Needs = Needs.Parse(query, errors),
            SupportTypes = SupportTypes.Parse(query, errors),
            Query = Q.Parse(query, errors),
            ActiveOn = ActiveOn.Parse(query, errors) ?? today,
            DeviceDeveloper = DeviceDeveloper.Parse(query, errors),
        };
        return (profile, PerStage.Parse(query, errors));
    }
}
