pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The help block, in the same place on every screen: what it is for, and the two kinds of call.
Rectangle {
    id: block

    property bool wide: true

    implicitHeight: layout.implicitHeight + 2 * Theme.size.pad * 0.6
    radius: Theme.size.radius * 2
    color: Theme.color.surface
    border.width: Theme.size.ring
    border.color: Theme.color.line

    GridLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.size.pad * 0.6
        columns: block.wide ? 3 : 2
        columnSpacing: Theme.size.gap
        rowSpacing: Theme.size.gap / 2

        Text {
            objectName: "help_title"
            Layout.columnSpan: block.wide ? 1 : 2
            Layout.fillWidth: block.wide ? false : true
            Layout.preferredWidth: block.wide ? Theme.mm * 34 : -1
            Layout.fillHeight: true
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
