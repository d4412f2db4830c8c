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

    public static ProblemHttpResult CatalogNotReady() =>
        TypedResults.Problem("The catalog is still loading; retry shortly. GET /health/ready answers 200 once it is ready.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Catalog not ready");
}
