import QtQuick
import Lantern

// Body text: 20 pt or more, lines 1.5 times the type size apart, left aligned, warm off-white.
Text {
    property bool soft: false
    property real spacing: 1.5

    color: soft ? Theme.color.text_soft : Theme.color.text
    font.family: Theme.font.family
    font.pixelSize: Theme.font.body
    lineHeightMode: Text.FixedHeight
    lineHeight: Math.round(font.pixelSize * spacing)
    wrapMode: Text.Wrap
    horizontalAlignment: Text.AlignLeft
    textFormat: Text.PlainText
}
