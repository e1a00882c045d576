pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The help block, in the same place on every screen: the two kinds of call, and above or beside them
// either what the block is for or, while a call is open, where the call has got (tap it for the whole story).
// `shape`: "row" (words, then both buttons, side by side), "stacked" (words above the buttons), "pair" (the
// buttons side by side, for a small tablet stood upright) or "column" (one above the other, for a small
// tablet on its side). In a pair or a column the buttons speak for themselves: the words give way to them,
// and only an open call's line takes their place.
Rectangle {
    id: block

    property string shape: "row"
    readonly property bool inRow: shape === "row"

    implicitHeight: layout.implicitHeight + 2 * Theme.size.pad * 0.6
    radius: Theme.size.radius * 2
    color: Theme.color.surface
    border.width: Theme.size.ring
    border.color: Theme.color.line

    GridLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.size.pad * 0.6
        columns: block.shape === "row" ? 3 : block.shape === "column" ? 1 : 2
        columnSpacing: Theme.size.gap
        rowSpacing: Theme.size.gap

        Item {
            id: heading
            visible: block.shape === "row" || block.shape === "stacked" || status.visible
            Layout.columnSpan: block.inRow ? 1 : layout.columns
            Layout.fillWidth: !block.inRow
            Layout.preferredWidth: block.inRow ? Theme.mm * 40 : -1
            Layout.fillHeight: block.inRow
            implicitHeight: Math.max(title.implicitHeight, status.implicitHeight)

            Text {
                id: title
                objectName: "help_title"
                anchors.fill: parent
                visible: !status.visible
                text: Words.help.button
                color: Theme.color.text
                font.family: Theme.font.family
                font.pixelSize: Theme.font.call
                font.weight: Font.Bold
                wrapMode: Text.WordWrap
                verticalAlignment: Text.AlignVCenter
                lineHeightMode: Text.FixedHeight
                lineHeight: Math.round(font.pixelSize * 1.15)
            }
            StatusLine {
                id: status
                objectName: "status_strip"
                anchors.fill: parent
                visible: HelpCall.showing && !HelpCall.expanded
            }
        }
        Repeater {
            model: HelpCall.kinds

            HelpButton {
                required property var modelData
                objectName: "help_" + modelData.name
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                kind: modelData.kind
                urgent: modelData.urgent
                text: Words.help[modelData.name].label
            }
        }
    }
}
