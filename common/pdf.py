"""HTML made into a PDF by WeasyPrint, fetching nothing from outside the document."""


def pdf_from_html(html: str) -> bytes:
    """The PDF of `html`, a page whose styles are inline. WeasyPrint may fetch nothing: no file on the
    server, no address on the network, whatever the page contained (only `data:` addresses)."""
    # Imported here: WeasyPrint adds about 20 MB to each web process, and few requests make a PDF.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
