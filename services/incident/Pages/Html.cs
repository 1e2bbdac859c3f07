using System.Text.Encodings.Web;

namespace MlOps.Incident.Pages;

/// <summary>Every piece of user text goes onto a page through here.</summary>
public static class Html
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");
}
