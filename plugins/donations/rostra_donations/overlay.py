"""Each gift's acknowledgement PDF: its fields page drawn over its background.

The fields pages of a batch's PDF share their resources (fonts subset once
for the batch), and the gifts of a batch with the same background share that
too: their PDFs differ only by the drawing of their fields. So the shared
objects are numbered and serialised once per batch and background (pypdf's
public API does the copying and numbering), and each gift's PDF is those
bytes, its own drawing and a cross-reference table. pypdf's writer per gift
copies and writes the shared objects again each time: 3.6× the CPU
(bench_donations, part "overlay"; docs/donations.md, "Why not the library").
"""

import io

import pypdf
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

BACKGROUND = NameObject("/RostraBackground")
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
UNDER = b"q %s Do Q\n" % BACKGROUND.encode()


def as_form(page):
    """A page as a form XObject (its drawing and resources kept together, so
    they cannot clash with the fields page's own)."""
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(page.mediabox),
            NameObject("/Resources"): page["/Resources"],
        }
    )
    return form.flate_encode()


def _drawing(fields_page):
    """The content stream of a gift's fields page (WeasyPrint writes one)."""
    drawing = fields_page["/Contents"].get_object()
    if not isinstance(drawing, StreamObject):
        raise ValueError("a fields page is expected to have one content stream")
    return drawing


def _serialised(obj):
    output = io.BytesIO()
    obj.write_to_stream(output)
    return output.getvalue()


def pdf_writer(forms, fields_pages, language):
    """One gift's PDF as pypdf's writer holds it, and per page the object
    number of the gift's drawing (pypdf's public API only)."""
    writer = pypdf.PdfWriter()
    drawings = []  # per page, the object number of the gift's drawing
    for form, fields_page in zip(forms, fields_pages, strict=True):
        # A new page dictionary, so that the batch's own stays as it is;
        # add_page copies it and numbers its streams (the form too).
        resources = DictionaryObject(fields_page["/Resources"].get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[BACKGROUND] = form
        resources[NameObject("/XObject")] = xobjects
        shell = pypdf.PageObject()
        shell.update(fields_page)
        shell[NameObject("/Resources")] = resources
        del shell["/Contents"]
        page = writer.add_page(shell)
        under = DecodedStreamObject()
        under.set_data(UNDER)
        drawing = _drawing(fields_page).clone(writer)
        page.replace_contents(ArrayObject([under, drawing]))
        drawings.append(drawing.indirect_reference.idnum)
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    return writer, drawings


class Overlay:
    """The objects a batch's gifts with one background share, serialised."""

    def __init__(self, forms, fields_pages, language):
        """``forms``: the background's pages as form XObjects; ``fields_pages``:
        one gift's fields pages, whose dictionaries and resources serve for
        every gift of the same batch PDF and background."""
        writer, self.drawings = pdf_writer(forms, fields_pages, language)
        self.root = writer.root_object.indirect_reference.idnum
        self.objects = []
        while True:
            try:
                obj = writer.get_object(len(self.objects) + 1)
            except IndexError:
                break
            self.objects.append(None if obj is None else _serialised(obj))

    def pdf(self, fields_pages):
        """One gift's PDF, from its fields pages (of the batch PDF)."""
        bodies = list(self.objects)
        for number, page in zip(self.drawings, fields_pages, strict=True):
            bodies[number - 1] = _serialised(_drawing(page))
        # pypdf writes a file from its objects, not from objects already
        # serialised: the cross-reference table is written here (see
        # docs/donations.md, "Why not the library").
        parts, xref, offset = [HEADER], [b"0000000000 65535 f \n"], len(HEADER)
        for number, body in enumerate(bodies, 1):
            if body is None:
                xref.append(b"0000000000 00001 f \n")
                continue
            part = b"%d 0 obj\n%s\nendobj\n" % (number, body)
            xref.append(b"%010d 00000 n \n" % offset)
            parts.append(part)
            offset += len(part)
        size = len(bodies) + 1
        parts.append(b"xref\n0 %d\n" % size)
        parts.extend(xref)
        parts.append(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, self.root, offset)
        )
        return b"".join(parts)
