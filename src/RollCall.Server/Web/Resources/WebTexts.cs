namespace RollCall.Server.Web;

/// <summary>
/// The pages' texts: <c>IStringLocalizer&lt;WebTexts&gt;</c> reads <c>WebTexts.resx</c> (English, the
/// neutral language) and <c>WebTexts.es.resx</c> beside this file. Keys name what a text is for.
/// </summary>
public sealed class WebTexts
{
    private WebTexts()
    {
    }
}
