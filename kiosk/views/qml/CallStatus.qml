pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// The help call's whole story, over the page while it is news: where the call has got (calling, the nurses
// have it, on the way, as steps), what to do, and Back. Once the patient goes back, the help block keeps
// a line about it. "Call out loud" has a warm gold look of its own, never the help button's colours.
Item {
    id: status

    readonly property bool shown: HelpCall.showing && HelpCall.expanded
    readonly property var words: HelpCall.showing ? Words.help[HelpCall.state] : ({ title: "", detail: "" })

    visible: opacity > 0
    opacity: shown ? 1 : 0

    Behavior on opacity {
        NumberAnimation { duration: Theme.motion.status; easing.type: Easing.InOutQuad }
    }

    Rectangle {
        id: panel
        anchors.fill: parent
        radius: Theme.size.radius * 2
        color: HelpCall.call_out ? Theme.color.warn_fill : Theme.color.surface
        border.width: Theme.size.ring * (HelpCall.call_out ? 2 : 1)
        border.color: HelpCall.call_out ? Theme.color.warn_ring : Theme.color.calm

        // The story scrolls if it must; Back stays in view at the foot, where the patient can always reach it.
        ScrollPage {
            id: story
            anchors.fill: parent
            anchors.margins: Theme.size.pad * (Theme.compact ? 1 : 1.5)
            anchors.bottomMargin: back.height + 2 * anchors.margins
            spacing: Theme.size.gap

            // The steps, when the call is on its way through them; else the state's title alone.
            Repeater {
                model: HelpCall.steps

                Row {
                    id: step
                    required property var modelData
                    readonly property bool current: modelData.progress === "now"
                    readonly property bool ahead: modelData.progress === "ahead"
                    // A compact screen keeps to the step the call is at, so its words fit without scrolling.
                    visible: current || !Theme.compact
                    width: parent.width
                    spacing: Theme.size.gap

                    Rectangle {
                        id: dot
                        width: Theme.mm * 5
                        height: width
                        radius: width / 2
                        anchors.verticalCenter: stepWords.verticalCenter
                        color: step.ahead ? "transparent" : Theme.color.calm
                        border.width: Theme.size.ring
                        border.color: step.ahead ? Theme.color.line : Theme.color.calm
                    }
                    Heading {
                        id: stepWords
                        objectName: step.current ? "status_title" : "status_step"
                        width: parent.width - dot.width - parent.spacing
                        level: step.current ? "title" : "heading"
                        color: step.ahead ? Theme.color.text_soft : Theme.color.text
                        opacity: step.ahead ? 0.75 : 1
                        text: Words.help[step.modelData.name].title
                    }
                }
            }
            Heading {
                objectName: "status_title"
                width: parent.width
                visible: HelpCall.steps.length === 0
                level: "display"
                text: status.words.title
            }
            Prose {
                objectName: "status_now_urgent"
                width: parent.width
                visible: text !== ""
                font.pixelSize: Theme.font.status
                font.weight: Font.DemiBold
                text: (HelpCall.now_urgent ? Words.help.now_urgent : HelpCall.urgent ? Words.help.urgent : "") || ""
            }
            Prose {
                objectName: "status_detail"
                width: parent.width
                font.pixelSize: Theme.font.status
                text: status.words.detail
            }
            Prose {
                objectName: "status_link_lost"
                width: parent.width
                visible: HelpCall.connection_lost
                font.pixelSize: Theme.font.status
                text: Words.help.connection_lost
            }
        }

        CalmButton {
            id: back
            objectName: "status_back"
            anchors.left: parent.left
            anchors.bottom: parent.bottom
            anchors.margins: story.anchors.margins
            width: Math.max(implicitWidth, Theme.mm * 32)
            icon: "back"
            text: Words.ui.back
            fontSize: Theme.font.action
            onActivated: HelpCall.collapse()
        }
    }
}
