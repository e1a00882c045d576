import QtQuick
import Lantern

// Where an open call has got, in the help block's own space, so it never pushes the page under a finger.
// A tap brings back the call's whole page.
Rectangle {
    id: line

    // As tall as a target whatever the words, so the help block keeps its size when a call opens.
    implicitHeight: Theme.size.target
    radius: Theme.size.radius
    color: HelpCall.call_out ? Theme.color.warn_fill : Theme.color.raised
    border.width: Theme.size.ring
    border.color: HelpCall.call_out ? Theme.color.warn_ring : Theme.color.calm

    Accessible.role: Accessible.Button
    Accessible.name: words.text

    Text {
        id: words
        anchors.left: parent.left
        anchors.right: more.left
        anchors.leftMargin: Theme.size.pad * 0.6
        anchors.rightMargin: Theme.size.pad * 0.4
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.margins: Theme.size.pad * 0.3
        verticalAlignment: Text.AlignVCenter
        fontSizeMode: Text.Fit
        minimumPixelSize: Theme.font.small * 0.8
        text: HelpCall.showing ? Words.help[HelpCall.state].title : ""
        color: Theme.color.text
        font.family: Theme.font.family
        font.pixelSize: Theme.font.label
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
        maximumLineCount: 3
    }
    Chevron {
        id: more
        anchors.right: parent.right
        anchors.rightMargin: Theme.size.pad * 0.6
        anchors.verticalCenter: parent.verticalCenter
        width: Theme.mm * 5
        height: width
        up: false
    }
    TapHandler {
        gesturePolicy: TapHandler.ReleaseWithinBounds
        onTapped: HelpCall.expand()
    }
}
