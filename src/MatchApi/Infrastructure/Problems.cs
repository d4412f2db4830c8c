using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Infrastructure;

/// <summary>The problem+json responses of the API, worded once.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(InputErrors errors) =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(),
            title: "Invalid input",
            detail: "One or more parameters or fields are invalid; see errors for what each accepts." +
                    (errors.OmittedFields > 0 ? $" {errors.OmittedFields} more invalid fields are not listed." : ""));

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Busy(int retryAfterSeconds) =>
        TypedResults.Problem($"Too many recommendation, roadmap or text-search requests are running or waiting; retry after {retryAfterSeconds} s. " +
                             "Other requests (lists without q, details, vocabularies) are not affected.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Server busy");

    /// <summary>A caller without a key, or whose key lacks every role the endpoint needs.</summary>
    public static ProblemHttpResult RoleRequired(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: status == StatusCodes.Status401Unauthorized ? "API key required" : "Role required");
}
