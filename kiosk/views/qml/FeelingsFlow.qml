pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The guided way through hard feelings: kind words, breathing, grounding step by step, then an offer of help.
// Only the patient moves it on; Back (beside Next) and Home always lead gently out.
ScreenPage {
    id: flow

    readonly property var words: Words.screens.feelings

    Item {
        id: steps
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.bottomMargin: moves.height + Theme.size.gap * 1.5

        ScreenPage {
            objectName: "step_words"
            anchors.fill: parent
            active: Session.step === Session.Words

            Heading {
                id: title
                width: parent.width
                level: "title"
                text: flow.words.title
            }
            ScrollPage {
                anchors.fill: parent
                anchors.topMargin: title.height + Theme.size.gap

                Repeater {
                    model: flow.words.sections
                    Card {
                        required property var modelData
                        width: parent.width
                        heading: modelData.heading
                        body: modelData.body
                    }
                }
            }
        }

        BreathingPacer {
            objectName: "step_breathing"
            anchors.fill: parent
            active: Session.step === Session.Breathing
        }

        Repeater {
            model: flow.words.grounding.steps
            Grounding {
                required property var modelData
                required property int index
                objectName: "step_grounding_" + index
                anchors.fill: parent
                active: Session.step === Session.Grounding && Session.grounding === index
                first: index === 0
                position: index
                steps: flow.words.grounding.steps.length
                count: modelData.count
                prompt: modelData.prompt
            }
        }

        ScreenPage {
            objectName: "step_finished"
            anchors.fill: parent
            active: Session.step === Session.Finished

            ScrollPage {
                id: finished
                anchors.fill: parent

                Item {
                    width: 1
                    height: Math.max(0, (finished.height - done.height) / 2 - finished.spacing)
                }
                Heading {
                    id: done
                    width: Math.min(parent.width, Theme.mm * 170)
                    level: "title"
                    text: flow.words.grounding.finished
                }
                // Another round of grounding, offered where the steps end.
                CalmButton {
                    objectName: "flow_start_again"
                    visible: Session.can_start_again
                    width: Math.min(parent.width, Math.max(implicitWidth, Theme.mm * 36))
                    text: Words.ui.start_again
                    fontSize: Theme.font.action
                    onActivated: Session.start_again()
                }
            }
        }

        CallOffer {
            objectName: "step_offer"
            anchors.fill: parent
            active: Session.step === Session.Offer
        }
    }

    // Back on the left, the way on to the right.
    RowLayout {
        id: moves
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        spacing: Theme.size.gap

        CalmButton {
            id: back
            objectName: "flow_back"
            Layout.fillWidth: true
            Layout.minimumWidth: implicitWidth
            Layout.preferredWidth: Math.max(implicitWidth, Theme.mm * 30)
            Layout.maximumWidth: Layout.preferredWidth
            icon: "back"
            text: Words.ui.back
            fontSize: Theme.font.action
            onActivated: Session.back()
        }
        Item { Layout.fillWidth: true; Layout.preferredWidth: 0 }
        CalmButton {
            objectName: "flow_next"
            visible: Session.can_go_forward
            Layout.fillWidth: true
            Layout.minimumWidth: implicitWidth
            Layout.preferredWidth: Math.max(implicitWidth, Theme.mm * 36)
            Layout.maximumWidth: Layout.preferredWidth
            text: Words.ui.next
            fontSize: Theme.font.action
            selected: true
            onActivated: Session.forward()
        }
    }
}
