import QtQuick
import Lantern

// The content's disclaimer in small (16 pt) soft text, at the end of the information screens.
Text {
    text: Words.disclaimer
    color: Theme.color.text_soft
    font.family: Theme.font.family
    font.pixelSize: Theme.font.small
    wrapMode: Text.WordWrap
    lineHeightMode: Text.FixedHeight
    lineHeight: Math.round(font.pixelSize * 1.35)
    topPadding: Theme.size.gap
}
