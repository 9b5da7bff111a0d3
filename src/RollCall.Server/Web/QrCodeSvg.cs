using QRCoder;

namespace RollCall.Server.Web;

/// <summary>QR codes as SVG, drawn by QRCoder.</summary>
internal static class QrCodeSvg
{
    /// <summary>
    /// An SVG of <paramref name="text"/> with a quiet zone, sized by its viewBox so CSS scales it.
    /// Error correction M survives a smudged projector or a crumpled voucher.
    /// </summary>
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
