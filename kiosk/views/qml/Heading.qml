import QtQuick
import Lantern

// A heading: "heading" for cards, "status" and "title" for larger ones; never all caps or italics.
Text {
    property string level: "heading"
    property real spacing: 1.2

    color: Theme.color.text
    font.family: Theme.font.family
    font.pixelSize: Theme.font[level]
    font.weight: Font.DemiBold
    lineHeightMode: Text.FixedHeight
    lineHeight: Math.round(font.pixelSize * spacing)
    wrapMode: Text.Wrap
    horizontalAlignment: Text.AlignLeft
    textFormat: Text.PlainText
}
